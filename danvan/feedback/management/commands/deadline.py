from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.dates import parse_date
from danvan.feedback import clocks


class Command(BaseCommand):
    help = (
        "In ra (ở dòng cuối, dạng YYYY-MM-DD) hạn của một bước khi thời hạn tính từ sự kiện ngày đã cho, "
        "theo quy tắc còn hiệu lực ngày đó và lịch ngày làm việc."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule_key", help="Mã quy tắc, ví dụ denunciation_process.")
        parser.add_argument("date", help="Ngày xảy ra sự kiện (tiếp nhận, thụ lý…), dạng YYYY-MM-DD.")

    def handle(self, *args: object, rule_key: str, date: str, **options: object) -> None:
        day = parse_date(date)
        if day is None or not 1900 <= day.year <= 2100:
            raise CommandError(f"Ngày “{date}” không đúng dạng YYYY-MM-DD (năm từ 1900 đến 2100).")
        rule = clocks.rule_valid_on(rule_key, day)
        if rule is None:
            raise CommandError(f"Không có quy tắc thời hạn “{rule_key}” áp dụng vào ngày {day:%d/%m/%Y}.")
        due = clocks.due_date(day, rule.amount, rule.unit, [], today=day)
        unit = rule.get_unit_display()
        self.stdout.write(
            f"{rule.key}: {rule.amount} {unit} ({rule.source}), áp dụng từ {rule.valid_from:%d/%m/%Y}"
        )
        if not rule.active:
            self.stdout.write("Lưu ý: quy tắc đang tắt (chỉ tiêu nội bộ, cần rà soát).")
        self.stdout.write(due.isoformat())
