from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Site

from danvan.core import services


class Command(BaseCommand):
    help = (
        "Tạo (nếu chưa có) nhóm biên tập viên, nhóm người duyệt bài, thư mục ảnh và tài liệu, quyền sửa"
        " thông tin cơ quan và quy trình duyệt bài riêng của từng trang (cổng thông tin của một xã) —"
        " mỗi nhóm chỉ có quyền trên trang của mình. Không nêu tên máy: mọi trang có trang chủ riêng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hostnames", nargs="*", help="Tên máy của trang, ví dụ: xa-phuly.example.vn")

    def handle(self, *args: Any, **options: Any) -> None:
        hostnames: list[str] = options["hostnames"]
        sites = Site.objects.select_related("root_page").order_by("hostname", "port")
        if hostnames:
            unknown = sorted(set(hostnames) - set(sites.values_list("hostname", flat=True)))
            if unknown:
                raise CommandError(f"Không có trang nào có tên máy: {', '.join(unknown)}")
            sites = sites.filter(hostname__in=hostnames)
        else:
            sites = sites.exclude(root_page__depth=1)
        for site in sites:
            try:
                staff = services.ensure_site_staff(site)
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"{site.hostname}: nhóm «{staff.editors.name}», «{staff.approvers.name}»;"
                f" thư mục «{staff.collection.name}»"
            )
        if not sites:
            self.stdout.write("Chưa có trang nào có trang chủ riêng (hãy tạo trong Quản trị → Trang web).")
