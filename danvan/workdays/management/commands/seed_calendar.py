from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.dates import today_in_vietnam
from danvan.workdays.services import CalendarError, seed_year


class Command(BaseCommand):
    help = (
        "Tạo lịch ngày lễ theo luật (gói holidays) cho các năm chỉ định (mặc định: năm nay và năm sau). "
        "Năm đã rà soát không bị thay đổi; ngày do người quản trị nhập được giữ nguyên."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="Năm, ví dụ 2027.")

    def handle(self, *args: object, years: list[int], **options: object) -> None:
        if not years:
            this_year = today_in_vietnam().year
            years = [this_year, this_year + 1]
        for year in years:
            try:
                seeded = seed_year(year)
            except CalendarError as exc:
                raise CommandError(str(exc)) from exc
            if seeded:
                self.stdout.write(f"Năm {year}: đã tạo các ngày lễ theo luật; cần rà soát.")
            else:
                self.stdout.write(f"Năm {year}: đã rà soát, giữ nguyên.")
