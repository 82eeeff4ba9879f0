"""``manage.py import_data_values FILE [--dry-run] [--user USERNAME] [--approved-by USERNAME]``: CSV or
XLSX, all or nothing. The reports the figures belong to become "đã gửi" (logged with the importer) and
wait for approval; ``--approved-by`` loads figures approved elsewhere (past years, on paper): that
user must hold the approver right over every unit of the file, and the approval is logged."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.collection.exchange import ImportRejected, import_data_values


class Command(BaseCommand):
    help = (
        "Nhập số liệu từ tệp CSV (UTF-8) hoặc XLSX với các cột data_element,period,org_unit,value,comment: "
        "có dòng sai thì không nhập dòng nào."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp CSV hoặc XLSX, có dòng tiêu đề.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument("--user", help="Tên đăng nhập ghi vào lịch sử thay đổi số liệu.")
        parser.add_argument(
            "--approved-by",
            dest="approved_by",
            help="Số liệu đã được duyệt (trên giấy): tên đăng nhập của người duyệt, "
            "phải có quyền duyệt mọi đơn vị trong tệp.",
        )

    def handle(
        self,
        *args: object,
        file: Path,
        dry_run: bool,
        user: str | None,
        approved_by: str | None = None,
        **options: object,
    ) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được {file}: {exc.strerror}") from exc
        actor = self._user(user) if user else None
        approver = self._user(approved_by) if approved_by else None
        try:
            summary = import_data_values(data, user=actor, dry_run=dry_run, approved_by=approver)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(error)
            raise CommandError(f"Không nhập số liệu nào: {len(rejected.errors)} lỗi.") from None
        counts = (
            f"{summary.created} giá trị mới, {summary.updated} giá trị thay đổi, "
            f"{summary.unchanged} giá trị không đổi"
        )
        if dry_run:
            self.stdout.write(f"Kiểm tra xong, không có lỗi: sẽ có {counts}. Chưa ghi gì (--dry-run).")
        else:
            self.stdout.write(f"Đã nhập: {counts}.")
            if approver is not None:
                self.stdout.write(
                    f"{summary.approved} báo cáo được ghi là đã duyệt bởi {approver.get_username()}."
                )
            else:
                self.stdout.write(f"{summary.submitted} báo cáo chuyển sang “Đã gửi”, chờ người duyệt.")

    def _user(self, username: str) -> Any:
        found = get_user_model()._default_manager.filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        return found
