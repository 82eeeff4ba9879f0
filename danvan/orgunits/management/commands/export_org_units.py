from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.orgunits.selectors import successions_csv, units_csv


class Command(BaseCommand):
    help = "Xuất đơn vị (hoặc quan hệ kế thừa, với --successions) ra CSV mã UTF-8 có BOM, đọc lại được bằng import_org_units."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--successions", action="store_true", help="Xuất quan hệ kế thừa thay cho danh sách đơn vị."
        )
        parser.add_argument("-o", "--output", type=Path, help="Ghi ra tệp này (mặc định: đầu ra chuẩn).")

    def handle(self, *args: object, successions: bool, output: Path | None, **options: object) -> None:
        text = successions_csv() if successions else units_csv()
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(f"Không ghi được {output}: {exc}") from exc
        self.stdout.write(f"Đã ghi {output}.")
