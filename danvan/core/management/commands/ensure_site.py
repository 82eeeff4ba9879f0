from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core import services


class Command(BaseCommand):
    help = (
        "Đặt địa chỉ công khai (tên máy, cổng) của trang web mặc định; mặc định lấy từ DANVAN_BASE_URL."
        " Các liên kết tuyệt đối (RSS, sơ đồ trang, canonical) dùng địa chỉ này."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="", help="Ví dụ: http://portal.example.vn:8080")

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"] or settings.WAGTAILADMIN_BASE_URL
        try:
            site = services.set_default_site_address(base_url=base_url)
        except services.InvalidSiteAddress as error:
            raise CommandError(str(error)) from error
        if site is None:
            self.stdout.write("Chưa có trang web nào (hãy chạy load_demo hoặc tạo trong quản trị).")
            return
        self.stdout.write(f"Địa chỉ trang web: {site.root_url}/")
