from django.core.management.base import BaseCommand, CommandParser

from danvan.search.models import SearchDocument
from danvan.search.services import rebuild_index


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm từ các trang đang xuất bản."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Chỉ dựng khi chỉ mục đang trống.")

    def handle(self, *args: object, if_empty: bool = False, **options: object) -> None:
        if if_empty and SearchDocument.objects.exists():
            self.stdout.write("Chỉ mục tìm kiếm đã có.")
            return
        self.stdout.write(f"Đã lập chỉ mục {rebuild_index()} trang.")
