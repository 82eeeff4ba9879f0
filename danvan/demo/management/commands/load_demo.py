from django.core.management.base import BaseCommand, CommandError

from danvan.demo import DemoRefused, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại không tạo thêm bản ghi)."

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = load_demo()
        except DemoRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu: {report}"))
