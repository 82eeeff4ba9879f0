from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core import backup
from danvan.core.events import announce
from danvan.core.numbers import group_thousands


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ hệ thống (cơ sở dữ liệu và các tệp trong MEDIA_ROOT) vào một tệp mã hóa bằng "
        "khóa DANVAN_BACKUP_KEY. Phục hồi bằng “manage.py restore TỆP”."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Tệp sao lưu sẽ ghi (chưa được tồn tại).")
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="In ra một khóa ngẫu nhiên mới cho DANVAN_BACKUP_KEY rồi thoát.",
        )
        parser.add_argument("--force", action="store_true", help="Ghi đè nếu tệp đã có.")

    def handle(self, *args: object, **options: object) -> None:
        if options["generate_key"]:
            self.stdout.write(backup.generate_key())
            return
        if not options["file"]:
            raise CommandError(
                "Hãy cho biết tệp sao lưu sẽ ghi, ví dụ: manage.py backup /var/backups/danvan.dvbak"
            )
        path = Path(str(options["file"]))
        if path.exists() and not options["force"]:
            raise CommandError(f"Tệp {path} đã có: hãy chọn tên khác hoặc thêm --force để ghi đè.")
        try:
            manifest = backup.backup_to_file(path, backup.configured_key())
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        announce("backup.create", detail=f"{path.name}: {manifest['media_files']} tệp")
        self.stdout.write(
            f"Đã sao lưu cơ sở dữ liệu ({manifest['engine']}) và {group_thousands(manifest['media_files'])} tệp "
            f"({group_thousands(manifest['media_bytes'])} byte) vào {path}."
        )
