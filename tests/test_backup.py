"""Backups (issue 14, docs/decisions/0016): `manage.py backup` / `restore` round trip on the configured
database (SQLite, or PostgreSQL in CI's second pass), and every way a bad archive is refused before
anything is touched."""

import base64
import datetime as dt
import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from danvan.core import backup, registry
from danvan.core.dates import VIETNAM
from danvan.core.services import ensure_root_and_site

from .factories import (
    ArticlePageFactory,
    CommentFactory,
    DataValueFactory,
    DocumentFileFactory,
    HomePageFactory,
    ImageFactory,
    UserFactory,
    image_block,
    jpeg_bytes,
)

KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
OTHER_KEY = base64.urlsafe_b64encode(bytes(range(1, 33))).decode()


@pytest.fixture(autouse=True)
def _backup_settings(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DANVAN_BACKUP_KEY = KEY
    settings.DANVAN_BACKUP_DIR = ""
    backup._retry_after = None
    yield settings
    backup._retry_after = None


def snapshot_tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, as plain values."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()
            ]
            tables[table] = sorted(rows, key=repr)
    return tables


def snapshot_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def make_content(media: Path) -> dict[str, Any]:
    root, site = ensure_root_and_site()
    home = HomePageFactory.create(parent=root)
    site.root_page = home
    site.save()
    image = ImageFactory.create(title="Hội nghị dân vận")
    ArticlePageFactory.create(
        parent=home, title="Dân vận khéo 2025", slug="dan-van-kheo-2025", body=[image_block(image)]
    )
    document_file = DocumentFileFactory.create()
    (media / "ghi-chu" / "lồng nhau").mkdir(parents=True)
    (media / "ghi-chu" / "lồng nhau" / "tệp rỗng.txt").write_bytes(b"")
    UserFactory.create(username="can.bo.xa")
    DataValueFactory.create()
    CommentFactory.create()
    return {"image": image, "document_file": document_file}


def write_archive(path: Path, members: dict[str, bytes], key: str = KEY) -> None:
    """An archive with exactly these members, sealed like a real one (for hostile contents)."""
    with path.open("wb") as stream:
        writer = backup.EncryptingWriter(stream, backup.parse_key(key))
        with tarfile.open(fileobj=writer, mode="w|") as archive:
            for name, data in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        writer.close()


def frames(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every sealed chunk after the header."""
    found, offset = [], backup.HEADER_BYTES
    while offset < len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        found.append((offset, offset + 4 + size))
        offset += 4 + size
    return found


def restore(path: Path) -> None:
    call_command("restore", str(path), interactive=False, stdout=io.StringIO())


# --- the round trip --------------------------------------------------------------------------------


# Transactional (the restore replaces the database under Django's connection) WITHOUT
# serialized_rollback: that option's closing flush skips post_migrate, leaving an empty content-type
# table behind a filled cache, and the next live-server test in the worker failed on it (PostgreSQL).
# make_content builds the page tree's root and Site itself, as the e2e fixtures do.
@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_back_every_row_and_every_file(tmp_path: Path, settings: Any) -> None:
    media = Path(settings.MEDIA_ROOT)
    made = make_content(media)
    tables_before = snapshot_tables()
    files_before = snapshot_files(media)
    # What the content made, counted by hand: the image, the document's file and the empty note.
    assert files_before[made["image"].file.name] == jpeg_bytes()
    assert files_before[made["document_file"].file.name] == b"Noi dung"
    assert files_before["ghi-chu/lồng nhau/tệp rỗng.txt"] == b""
    assert len(files_before) == 3
    assert any("Dân vận khéo 2025" in row for row in tables_before["wagtailcore_page"])

    archive = tmp_path / "sao-luu" / "danvan.dvbak"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "3 tệp" in out.getvalue()
    data = archive.read_bytes()
    assert data.startswith(backup.MAGIC)
    assert b"Noi dung" not in data and "Dân vận khéo".encode() not in data  # encrypted
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only

    # Wipe: an empty database (as after flush) and no media files.
    call_command("flush", interactive=False)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (media / "rác.txt").write_bytes(b"khong thuoc ban sao luu")
    with connection.cursor() as cursor:  # a table of a newer version's migration: not in the backup
        cursor.execute("CREATE TABLE danvan_newer_table (id integer PRIMARY KEY)")
        cursor.execute("INSERT INTO danvan_newer_table VALUES (1)")
    wiped_tables, wiped_files = snapshot_tables(), snapshot_files(media)
    assert wiped_tables != tables_before

    # First a sealed archive (right key) whose database cannot be loaded; its manifest lists no
    # table, so the load would drop every present table: only a load that fails as a whole keeps them.
    member = backup.SQLITE_MEMBER if connection.vendor == "sqlite" else backup.PG_MEMBER
    manifest = f'{{"format": 1, "engine": "{connection.vendor}", "database": "{member}", "tables": []}}'
    broken = tmp_path / "hong-csdl.dvbak"
    write_archive(broken, {"manifest.json": manifest.encode(), member: b"khong phai co so du lieu " * 400})
    with pytest.raises(CommandError, match=r"Không nạp được cơ sở dữ liệu|pg_restore báo lỗi"):
        restore(broken)
    assert snapshot_tables() == wiped_tables
    assert snapshot_files(media) == wiped_files

    restore(archive)

    tables_after = snapshot_tables()
    # The restore itself is the one new row: the audit log records it (issue 14) after loading.
    restored = [row for row in tables_after["audit_auditentry"] if "backup.restore" in row]
    assert len(restored) == 1
    tables_after["audit_auditentry"] = [
        row for row in tables_after["audit_auditentry"] if row not in restored
    ]
    assert list(tables_after) == list(tables_before)
    for table, rows in tables_before.items():
        assert tables_after[table] == rows, table
    assert snapshot_files(media) == files_before
    # The site works on the restored data: the article is served.
    assert b"D\xc3\xa2n v\xe1\xba\xadn kh\xc3\xa9o 2025" in _get("/dan-van-kheo-2025/")


def _get(path: str) -> bytes:
    from django.test import Client

    response = Client().get(path)
    assert response.status_code == 200
    return bytes(response.content)


# --- refusals: nothing is touched ---------------------------------------------------------------


@pytest.fixture
def archive(db: Any, tmp_path: Path, settings: Any) -> Path:
    media = Path(settings.MEDIA_ROOT)
    (media / "anh").mkdir(parents=True)
    (media / "anh" / "a.jpg").write_bytes(jpeg_bytes(40, 30))
    (media / "to.bin").write_bytes(bytes(range(256)) * 5000)  # > 1 MiB: the archive has several chunks
    path = tmp_path / "ban.dvbak"
    call_command("backup", str(path), stdout=io.StringIO())
    (media / "anh" / "a.jpg").write_bytes(b"sau khi sao luu")  # restoring would change this
    return path


def assert_untouched(settings: Any, user_count: int) -> None:
    from django.contrib.auth import get_user_model

    assert (Path(settings.MEDIA_ROOT) / "anh" / "a.jpg").read_bytes() == b"sau khi sao luu"
    assert get_user_model().objects.count() == user_count
    leftovers = [
        p.name for p in Path(settings.MEDIA_ROOT).parent.iterdir() if p.name.startswith(".danvan-restore")
    ]
    assert leftovers == []


def test_wrong_key_is_refused(archive: Path, settings: Any) -> None:
    UserFactory.create()
    settings.DANVAN_BACKUP_KEY = OTHER_KEY
    with pytest.raises(CommandError, match="Khóa sao lưu không đúng"):
        restore(archive)
    assert_untouched(settings, 1)


def test_a_changed_byte_anywhere_is_refused(archive: Path, settings: Any) -> None:
    UserFactory.create()
    data = archive.read_bytes()
    chunks = frames(data)
    assert len(chunks) >= 2  # 1.28 MB of media alone fills more than one chunk
    for offset in (chunks[0][0] + 100, chunks[1][0] + 10, chunks[-1][0] + 6, len(data) - 1):
        damaged = bytearray(data)
        damaged[offset] ^= 0x01
        archive.write_bytes(bytes(damaged))
        with pytest.raises(CommandError, match="bị hỏng hoặc đã bị sửa đổi"):
            restore(archive)
    for offset in (chunks[0][0] + 2, chunks[-1][0] + 3):  # a chunk's length: misframed, also refused
        damaged = bytearray(data)
        damaged[offset] ^= 0x01
        archive.write_bytes(bytes(damaged))
        with pytest.raises(CommandError, match="không phục hồi từ tệp này"):
            restore(archive)
    assert_untouched(settings, 1)


def test_a_changed_header_is_refused(archive: Path, settings: Any) -> None:
    data = bytearray(archive.read_bytes())
    data[len(backup.MAGIC) + 3] ^= 0x80  # in the salt
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="Khóa sao lưu không đúng"):
        restore(archive)
    archive.write_bytes(b"PK\x03\x04 not a backup")
    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        restore(archive)
    assert_untouched(settings, 0)


def test_truncated_reordered_or_extended_archives_are_refused(archive: Path, settings: Any) -> None:
    data = archive.read_bytes()
    chunks = frames(data)
    first, second, last = chunks[0], chunks[1], chunks[-1]
    cases = {
        "cut in the middle of a chunk": (data[: second[0] + 50], "cắt cụt"),
        "final chunk dropped": (data[: last[0]], "cắt cụt"),
        "chunks swapped": (
            data[: first[0]] + data[second[0] : second[1]] + data[first[0] : first[1]] + data[second[1] :],
            "bị hỏng",
        ),
        "bytes after the end": (data + b"\0", "bị hỏng"),
    }
    for content, message in cases.values():
        archive.write_bytes(content)
        with pytest.raises(CommandError, match=message):
            restore(archive)
        assert_untouched(settings, 0)


@pytest.mark.parametrize(
    "name",
    ["media/../../ngoai.txt", "/tmp/tuyet-doi.txt", "ngoai-media.txt", "media/../database.sqlite3"],
)
def test_members_outside_the_archive_layout_are_refused(
    db: Any, tmp_path: Path, settings: Any, name: str
) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.mkdir()
    (media / "giu.txt").write_bytes(b"giu nguyen")
    path = tmp_path / "doc-hai.dvbak"
    write_archive(path, {"manifest.json": b"{}", name: b"tan cong"})
    with pytest.raises(CommandError, match="mục không hợp lệ"):
        restore(path)
    assert snapshot_files(media) == {"giu.txt": b"giu nguyen"}
    assert not (tmp_path / "ngoai.txt").exists()
    assert not Path("/tmp/tuyet-doi.txt").exists()


def test_links_in_an_archive_are_refused(db: Any, tmp_path: Path, settings: Any) -> None:
    path = tmp_path / "lien-ket.dvbak"
    with path.open("wb") as stream:
        writer = backup.EncryptingWriter(stream, backup.parse_key(KEY))
        with tarfile.open(fileobj=writer, mode="w|") as tar:
            link = tarfile.TarInfo("media/mat-khau")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(link)
        writer.close()
    with pytest.raises(CommandError, match="mục không hợp lệ “media/mat-khau”"):
        restore(path)
    assert not (Path(settings.MEDIA_ROOT) / "mat-khau").exists()


def test_a_backup_of_another_engine_is_refused(db: Any, tmp_path: Path, settings: Any) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    member = backup.PG_MEMBER if other == "postgresql" else backup.SQLITE_MEMBER
    manifest = f'{{"format": 1, "engine": "{other}", "database": "{member}", "migrations": []}}'
    path = tmp_path / "khac.dvbak"
    write_archive(path, {"manifest.json": manifest.encode(), member: b"x"})
    with pytest.raises(CommandError, match="chỉ phục hồi được vào cùng loại cơ sở dữ liệu"):
        restore(path)


def test_missing_or_malformed_key_is_a_clear_error(db: Any, tmp_path: Path, settings: Any) -> None:
    settings.DANVAN_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="Chưa đặt khóa sao lưu DANVAN_BACKUP_KEY"):
        call_command("backup", str(tmp_path / "x.dvbak"))
    settings.DANVAN_BACKUP_KEY = "ngắn quá"
    with pytest.raises(CommandError, match="không hợp lệ: cần 32 byte"):
        call_command("backup", str(tmp_path / "x.dvbak"))
    assert list(tmp_path.glob("x.dvbak*")) == []


def test_an_existing_file_is_not_overwritten_without_force(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "co-roi.dvbak"
    path.write_bytes(b"cu")
    with pytest.raises(CommandError, match="đã có"):
        call_command("backup", str(path))
    assert path.read_bytes() == b"cu"
    call_command("backup", str(path), "--force", stdout=io.StringIO())
    assert path.read_bytes().startswith(backup.MAGIC)


def test_generate_key_prints_a_usable_random_key() -> None:
    out1, out2 = io.StringIO(), io.StringIO()
    call_command("backup", "--generate-key", stdout=out1)
    call_command("backup", "--generate-key", stdout=out2)
    key = out1.getvalue().strip()
    assert len(backup.parse_key(key)) == 32
    assert key != out2.getvalue().strip()


# --- nightly backups --------------------------------------------------------------------------------


def vietnam(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM)


def test_the_scheduler_writes_one_backup_a_night_and_keeps_the_newest(
    db: Any, tmp_path: Path, settings: Any
) -> None:
    """(db: each nightly backup is announced, and the audit log records it.)"""
    folder = tmp_path / "dem"
    settings.DANVAN_BACKUP_DIR = str(folder)
    settings.DANVAN_BACKUP_HOUR = 2
    settings.DANVAN_BACKUP_KEEP = 3
    written: list[str] = []

    def fake_backup(path: Path, key: bytes) -> None:
        assert key == backup.parse_key(KEY)
        written.append(path.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"ban sao")

    assert backup.run_nightly in [job for _, job in registry.scheduled_jobs]
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("khong phai ban sao luu")
    for day in range(1, 7):
        for moment in (vietnam(day, 1, 59), vietnam(day, 2), vietnam(day, 2, 1), vietnam(day, 23, 59)):
            backup.run_nightly(now=moment.astimezone(dt.UTC), backup=fake_backup)
    # One per day, at 02:00 Vietnam time (19:00 UTC the day before), never before.
    assert written == [f"danvan-2026-03-0{day}.dvbak" for day in range(1, 7)]
    assert sorted(p.name for p in folder.iterdir()) == [
        "danvan-2026-03-04.dvbak",
        "danvan-2026-03-05.dvbak",
        "danvan-2026-03-06.dvbak",
        "ghi-chu.txt",
    ]


def test_the_nightly_backup_is_off_without_a_folder_or_key(tmp_path: Path, settings: Any) -> None:
    def fail(path: Path, key: bytes) -> None:
        raise AssertionError("no backup expected")

    assert backup.run_nightly(now=vietnam(1, 3), backup=fail) is None  # no DANVAN_BACKUP_DIR
    settings.DANVAN_BACKUP_DIR, settings.DANVAN_BACKUP_KEY = str(tmp_path), ""
    assert backup.run_nightly(now=vietnam(1, 3), backup=fail) is None


def test_a_failed_nightly_backup_waits_an_hour_before_trying_again(tmp_path: Path, settings: Any) -> None:
    settings.DANVAN_BACKUP_DIR = str(tmp_path)
    calls: list[dt.datetime] = []

    def broken(path: Path, key: bytes) -> None:
        calls.append(dt.datetime.now())
        raise backup.BackupError("đĩa đầy")

    with pytest.raises(backup.BackupError):
        backup.run_nightly(now=vietnam(1, 2), backup=broken)
    backup.run_nightly(now=vietnam(1, 2, 30), backup=broken)  # too soon: nothing
    with pytest.raises(backup.BackupError):
        backup.run_nightly(now=vietnam(1, 3), backup=broken)
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_nightly_job_writes_a_real_archive_without_earlier_backups(tmp_path: Path, settings: Any) -> None:
    media = Path(settings.MEDIA_ROOT)
    nightly = media / "sao-luu"  # the backups' folder inside MEDIA_ROOT: not backed up again
    settings.DANVAN_BACKUP_DIR = str(nightly)
    media.mkdir()
    (media / "a.txt").write_bytes(b"mot")
    written = backup.run_nightly(now=vietnam(9, 4))
    assert written == nightly / "danvan-2026-03-09.dvbak"
    assert backup.run_nightly(now=vietnam(10, 4)) == nightly / "danvan-2026-03-10.dvbak"
    unpacked = tmp_path / "mo"
    with (nightly / "danvan-2026-03-10.dvbak").open("rb") as stream:
        manifest = backup.unpack(stream, backup.parse_key(KEY), unpacked)
    assert manifest["engine"] == connection.vendor and manifest["media_files"] == 1
    assert snapshot_files(unpacked / "media") == {"a.txt": b"mot"}
    assert sorted(p.name for p in nightly.iterdir()) == ["danvan-2026-03-09.dvbak", "danvan-2026-03-10.dvbak"]
