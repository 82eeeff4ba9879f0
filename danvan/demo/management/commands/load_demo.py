from django.core.management.base import BaseCommand

from danvan.demo import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại không tạo thêm bản ghi)."

    def handle(self, *args: object, **options: object) -> None:
        report = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu: {report}"))
