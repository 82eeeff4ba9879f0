"""``manage.py export_data_values [--programme CODE] [--period CODE] [--format csv|xlsx] [-o FILE]``."""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.collection.exchange import export_data_values
from danvan.programmes import selectors


class Command(BaseCommand):
    help = (
        "Xuất số liệu ra CSV (UTF-8 có BOM) hoặc XLSX với các cột data_element,period,org_unit,value,comment "
        "(xếp loại ghi bằng mã: excellent, good, completed, not_completed, weak)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", help="Số, ký hiệu chương trình, ví dụ 42-CTr/HU.")
        parser.add_argument("--period", help="Mã kỳ: 2023, 2023H1, 2023Q1 hoặc 2023-01.")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", dest="file_format")
        parser.add_argument("-o", "--output", type=Path, help="Tệp ghi ra (mặc định: đầu ra chuẩn).")

    def handle(
        self,
        *args: object,
        programme: str | None,
        period: str | None,
        file_format: str,
        output: Path | None,
        **options: object,
    ) -> None:
        chosen_programme = None
        if programme:
            chosen_programme = selectors.programme_by_code(programme)
            if chosen_programme is None:
                raise CommandError(f"Không có chương trình “{programme}”.")
        chosen_period = None
        if period:
            try:
                selectors.parse_period(period)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
            chosen_period = selectors.period_by_code(period.strip())
            if chosen_period is None:
                raise CommandError(f"Chưa có số liệu nào của kỳ {period}.")
        data = export_data_values(programme=chosen_programme, period=chosen_period, file_format=file_format)
        if output is not None:
            try:
                output.write_bytes(data)
            except OSError as exc:
                raise CommandError(f"Không ghi được {output}: {exc.strerror}") from exc
        elif file_format == "xlsx" and sys.stdout.isatty():
            raise CommandError("Bảng tính XLSX không in ra màn hình được: hãy chỉ tệp bằng -o.")
        elif file_format == "xlsx":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
