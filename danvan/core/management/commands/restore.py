from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core import backup
from danvan.core.events import announce
from danvan.core.numbers import group_thousands


class Command(BaseCommand):
    help = (
        "Phục hồi hệ thống từ một tệp do “manage.py backup” tạo ra: thay toàn bộ nội dung cơ sở dữ "
        "liệu và các tệp trong MEDIA_ROOT bằng nội dung của bản sao lưu. Dùng cho một hệ thống vừa "
        "cài và chạy “manage.py migrate”; cần đúng khóa DANVAN_BACKUP_KEY đã dùng khi sao lưu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp sao lưu.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Không hỏi xác nhận trước khi thay dữ liệu.",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu {path}.")
        try:
            key = backup.configured_key()
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["interactive"]:
            answer = input(
                "Toàn bộ dữ liệu và tệp hiện có của hệ thống này sẽ bị thay bằng nội dung bản sao lưu.\n"
                "Gõ “co” để tiếp tục: "
            )
            if answer.strip().lower() not in ("co", "có", "yes"):
                raise CommandError("Đã hủy: không thay đổi gì.")
        try:
            manifest = backup.restore_from_file(path, key)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        cache.clear()  # cached pages and lookups describe the data that was just replaced
        announce("backup.restore", detail=f"{path.name}, tạo lúc {manifest.get('created')}")
        self.stdout.write(
            f"Đã phục hồi cơ sở dữ liệu và {group_thousands(manifest.get('media_files', 0))} tệp từ {path} "
            f"(bản sao lưu tạo lúc {manifest.get('created')}). Nếu phần mềm mới hơn bản sao lưu, hãy chạy "
            "“manage.py migrate”."
        )
