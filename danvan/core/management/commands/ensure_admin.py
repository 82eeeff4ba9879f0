import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị 'admin' nếu chưa có (mật khẩu lấy từ DANVAN_ADMIN_PASSWORD hoặc sinh ngẫu nhiên)."

    def handle(self, *args: object, **options: object) -> None:
        User = get_user_model()
        username = os.environ.get("DANVAN_ADMIN_USERNAME", "admin")
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Tài khoản quản trị '{username}' đã có (mật khẩu không đổi).")
            return
        password = os.environ.get("DANVAN_ADMIN_PASSWORD") or secrets.token_urlsafe(15)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = "(từ DANVAN_ADMIN_PASSWORD)" if os.environ.get("DANVAN_ADMIN_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(
                "\n".join(
                    [
                        "=" * 60,
                        "Đã tạo tài khoản quản trị — chỉ hiện một lần:",
                        f"  Đăng nhập: /admin/   tên: {username}   mật khẩu: {shown}",
                        "=" * 60,
                    ]
                )
            )
        )
