from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.documents.importing import import_documents


class Command(BaseCommand):
    help = (
        "Nhập văn bản từ tệp CSV hoặc XLSX (và thư mục chứa tệp đính kèm): "
        "dòng nào sai thì không nhập dòng nào."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path, help="Tệp CSV (mã UTF-8) hoặc XLSX, có dòng tiêu đề.")
        parser.add_argument("--files", type=Path, help="Thư mục chứa các tệp ghi ở cột file.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")

    def handle(self, *args: object, csv: Path, files: Path | None, dry_run: bool, **options: object) -> None:
        try:
            data = csv.read_bytes()  # CSV or XLSX: core.tabular tells them apart by the content
        except OSError as exc:
            raise CommandError(f"Không đọc được {csv}: {exc.strerror}") from exc
        if files is not None and not files.is_dir():
            raise CommandError(f"Không có thư mục {files}.")
        result = import_documents(data, files, dry_run=dry_run)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"Không nhập văn bản nào: {len(result.errors)} lỗi.")
        if dry_run:
            self.stdout.write("Kiểm tra xong, không có lỗi; chưa ghi gì (--dry-run).")
        else:
            self.stdout.write(f"Đã nhập {result.created} văn bản.")
