from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.orgunits.services import import_org_units


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Không đọc được {path} (cần tệp CSV mã UTF-8): {exc}") from exc


class Command(BaseCommand):
    help = (
        "Nhập đơn vị (và quan hệ kế thừa) từ tệp CSV: mã đã có thì cập nhật; "
        "dòng nào sai thì không nhập dòng nào."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "csv", type=Path, help="Tệp đơn vị: code,name,parent_code,level,org_type,valid_from,valid_to."
        )
        parser.add_argument(
            "--successions", type=Path, help="Tệp kế thừa: predecessor,successor,kind,effective_on,share."
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")

    def handle(
        self, *args: object, csv: Path, successions: Path | None, dry_run: bool, **options: object
    ) -> None:
        units_text = _read(csv)
        successions_text = _read(successions) if successions is not None else None
        result = import_org_units(units_text, successions_text, dry_run=dry_run)
        if not result.ok:
            for heading, errors in ((csv, result.errors), (successions, result.succession_errors)):
                if errors:
                    self.stderr.write(f"{heading}:")
                    for error in errors:
                        self.stderr.write(error)
            count = len(result.errors) + len(result.succession_errors)
            raise CommandError(f"Không nhập gì: {count} lỗi.")
        if dry_run:
            self.stdout.write("Kiểm tra xong, không có lỗi; chưa ghi gì (--dry-run).")
            return
        self.stdout.write(
            f"Đã nhập {result.created} đơn vị mới, cập nhật {result.updated} đơn vị; "
            f"kế thừa: {result.successions_created} mới, {result.successions_updated} cập nhật."
        )
