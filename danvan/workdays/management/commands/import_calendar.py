from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.tabular import ImportRejected
from danvan.workdays.services import import_calendar


class Command(BaseCommand):
    help = (
        "Nhập lịch ngày nghỉ đã rà soát từ tệp CSV/XLSX (cột date,kind,name; kind: holiday, day_off, "
        "workday). Mỗi năm có trong tệp được thay toàn bộ bằng các ngày của tệp và ghi là đã rà soát; "
        "dòng nào sai thì không nhập gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp CSV (UTF-8) hoặc XLSX.")

    def handle(self, *args: object, file: Path, **options: object) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được {file}: {exc}") from exc
        try:
            result = import_calendar(data)
        except ImportRejected as exc:
            raise CommandError("Không nhập gì:\n" + "\n".join(exc.errors)) from exc
        years = ", ".join(str(year) for year in result.years)
        self.stdout.write(
            f"Đã nhập {result.days} ngày cho năm {years} (thay {result.replaced} ngày cũ); "
            "các năm này được ghi là đã rà soát."
        )
