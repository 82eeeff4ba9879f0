"""Encrypted backups of the whole installation: the database and the media files (issue 14,
docs/decisions/0016).

An archive is a tar stream (``manifest.json``, then the database, then ``media/…``) cut into 1 MiB
chunks, each sealed with AES-256-GCM:

    header  = b"DANVANBK" + version (1 byte) + salt (16 bytes) + key check (16 bytes)
    chunk   = length of the sealed chunk (4 bytes, big-endian) + sealed chunk (plaintext + 16-byte tag)

The file key is HKDF-SHA256(DANVAN_BACKUP_KEY, salt), so every archive has its own key; a chunk's
nonce is its counter, and its associated data are the header and a final-chunk flag, so a changed
header, a changed, dropped or reordered chunk, a cut-off end or bytes after the end all fail to
authenticate. The key check (another HKDF output) tells a wrong key apart from a damaged file.

Restoring first decrypts and unpacks the whole archive into a temporary folder, so nothing is touched
unless every chunk authenticates and every member is a plain file or folder inside the archive.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from .dates import VIETNAM
from .events import announce

MAGIC = b"DANVANBK"
VERSION = 1
SALT_BYTES = 16
CHECK_BYTES = 16
HEADER_BYTES = len(MAGIC) + 1 + SALT_BYTES + CHECK_BYTES
CHUNK_BYTES = 1024 * 1024
TAG_BYTES = 16
MAX_SEALED = CHUNK_BYTES + TAG_BYTES
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media"
NIGHTLY_PREFIX = "danvan-"
NIGHTLY_SUFFIX = ".dvbak"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the administrator (Vietnamese)."""


# --- the key ------------------------------------------------------------------------------------


def generate_key() -> str:
    """A new random key for DANVAN_BACKUP_KEY: 32 bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def configured_key() -> bytes:
    """The 32-byte key from settings.DANVAN_BACKUP_KEY (from the environment), or BackupError."""
    return parse_key(getattr(settings, "DANVAN_BACKUP_KEY", "") or "")


def parse_key(text: str) -> bytes:
    if not text.strip():
        raise BackupError(
            _(
                "Chưa đặt khóa sao lưu DANVAN_BACKUP_KEY. Tạo khóa bằng “manage.py backup --generate-key”, "
                "đặt vào biến môi trường và cất một bản ở nơi an toàn ngoài máy chủ."
            )
        )
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != 32:
        raise BackupError(
            _(
                "Khóa sao lưu DANVAN_BACKUP_KEY không hợp lệ: cần 32 byte mã hóa base64 "
                "(tạo bằng “manage.py backup --generate-key”)."
            )
        )
    return key


def _derive(key: bytes, salt: bytes, purpose: bytes, length: int) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=length, salt=salt, info=b"danvan-backup-v1 " + purpose
    ).derive(key)


def _nonce(counter: int) -> bytes:
    return counter.to_bytes(12, "big")


# --- the encrypted stream -----------------------------------------------------------------------


class EncryptingWriter(io.RawIOBase):
    """A write-only stream: what is written goes to ``target`` sealed in chunks; ``close()`` seals
    the last chunk (flagged final) without closing ``target``."""

    def __init__(self, target: IO[bytes], key: bytes) -> None:
        super().__init__()
        salt = os.urandom(SALT_BYTES)
        self._header = MAGIC + bytes([VERSION]) + salt + _derive(key, salt, b"check", CHECK_BYTES)
        self._aead = AESGCM(_derive(key, salt, b"data", 32))
        self._target = target
        self._buffer = bytearray()
        self._counter = 0
        target.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:  # keep at least one byte back: the last chunk is final
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), final=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
        super().close()

    def _seal(self, plain: bytes, *, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter), plain, self._header + (b"\1" if final else b"\0"))
        self._target.write(len(sealed).to_bytes(4, "big") + sealed)
        self._counter += 1


class DecryptingReader(io.RawIOBase):
    """A read-only stream of the plaintext of an archive; raises BackupError on a wrong key, on any
    damaged, missing, reordered or extra byte. ``finish()`` reads to the end and checks it."""

    def __init__(self, source: IO[bytes], key: bytes) -> None:
        super().__init__()
        header = source.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
            raise BackupError(_("Tệp này không phải bản sao lưu của hệ thống (sai định dạng)."))
        if header[len(MAGIC)] != VERSION:
            raise BackupError(
                _("Bản sao lưu có phiên bản định dạng %(v)s, phần mềm này không đọc được.")
                % {"v": header[len(MAGIC)]}
            )
        salt = header[len(MAGIC) + 1 : len(MAGIC) + 1 + SALT_BYTES]
        if not hmac.compare_digest(header[-CHECK_BYTES:], _derive(key, salt, b"check", CHECK_BYTES)):
            raise BackupError(
                _(
                    "Khóa sao lưu không đúng: bản sao lưu này được mã hóa bằng một khóa khác "
                    "(hoặc phần đầu tệp đã bị hỏng)."
                )
            )
        self._header = header
        self._aead = AESGCM(_derive(key, salt, b"data", 32))
        self._source = source
        self._counter = 0
        self._plain = b""
        self._offset = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._offset >= len(self._plain):
            if self._done:
                return 0
            self._next_chunk()
        size = min(len(buffer), len(self._plain) - self._offset)
        buffer[:size] = self._plain[self._offset : self._offset + size]
        self._offset += size
        return size

    def finish(self) -> None:
        """Read whatever is left and check the archive ends where its final chunk says."""
        while not self._done:
            self._next_chunk()
        if self._source.read(1):
            raise _damaged()

    def _next_chunk(self) -> None:
        prefix = self._source.read(4)
        if len(prefix) < 4:
            raise _damaged(truncated=True)
        size = int.from_bytes(prefix, "big")
        if not TAG_BYTES <= size <= MAX_SEALED:
            raise _damaged()
        sealed = self._source.read(size)
        if len(sealed) < size:
            raise _damaged(truncated=True)
        for final in (False, True):
            try:
                plain = self._aead.decrypt(
                    _nonce(self._counter), sealed, self._header + (b"\1" if final else b"\0")
                )
            except InvalidTag:
                continue
            self._counter += 1
            self._plain, self._offset, self._done = plain, 0, final
            return
        raise _damaged()


def _damaged(*, truncated: bool = False) -> BackupError:
    if truncated:
        return BackupError(_("Bản sao lưu bị cắt cụt (thiếu phần cuối): không phục hồi từ tệp này."))
    return BackupError(_("Bản sao lưu bị hỏng hoặc đã bị sửa đổi: không phục hồi từ tệp này."))


# --- the database -------------------------------------------------------------------------------


def _engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu loại %(vendor)s.") % {"vendor": vendor})
    return vendor


def _pg_environment() -> dict[str, str]:
    """libpq's environment for the configured database (the password never goes on a command line)."""
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _pg_tool(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            _("Không tìm thấy chương trình %(program)s: hãy cài gói postgresql-client.")
            % {"program": program}
        )
    return path


def _pg_failed(program: str, error: str) -> BackupError:
    return BackupError(
        _("%(program)s báo lỗi: %(error)s") % {"program": program, "error": error.strip()[-2000:]}
    )


def _pg_load(dump: Path, backed_up_tables: set[str] | None) -> None:
    """Load a pg_dump archive in one transaction: drop the tables the backup does not have (made by
    newer migrations of this installation: `migrate` makes them again), then pg_restore's script
    (with --clean, it replaces every object of the backup). An error rolls everything back."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        present = connection.introspection.table_names(cursor)
    extra = [t for t in present if backed_up_tables is not None and t not in backed_up_tables]
    prologue = "".join(f"DROP TABLE IF EXISTS {connection.ops.quote_name(t)} CASCADE;\n" for t in extra)
    connection.close()
    restore_program, psql_program = _pg_tool("pg_restore"), _pg_tool("psql")
    env = _pg_environment()
    restore_arguments = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-", str(dump)]
    # No --single-transaction: psql would commit whatever arrived before a failing pg_restore stopped.
    # We send BEGIN, and COMMIT only once pg_restore has written its whole script.
    psql_arguments = ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"]
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        producer = subprocess.Popen(  # noqa: S603 - a fixed program with arguments we build, no shell
            [restore_program, *restore_arguments], stdout=subprocess.PIPE, stderr=restore_errors, env=env
        )
        consumer = subprocess.Popen(  # noqa: S603 - a fixed program with arguments we build, no shell
            [psql_program, *psql_arguments],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        assert producer.stdout is not None and consumer.stdin is not None  # PIPE given above
        producer_code = None
        try:
            consumer.stdin.write(b"BEGIN;\n" + prologue.encode())
            shutil.copyfileobj(producer.stdout, consumer.stdin, CHUNK_BYTES)
            producer.stdout.close()
            producer_code = producer.wait()
            if producer_code == 0:
                consumer.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            pass  # psql stopped at an error (and rolled back): reported below
        finally:
            producer.stdout.close()
            consumer.stdin.close()  # without COMMIT, psql's session ends and the transaction rolls back
        consumer_code = consumer.wait()
        if producer_code is None:
            producer_code = producer.wait()
        for program, code, errors in (
            ("pg_restore", producer_code, restore_errors),
            ("psql", consumer_code, psql_errors),
        ):
            if code != 0:
                errors.seek(0)
                raise _pg_failed(program, errors.read().decode(errors="replace"))


def _dump_database(folder: Path, engine: str) -> Path:
    if engine == "sqlite":
        target = folder / SQLITE_MEMBER
        # The online backup API, from a connection of its own: it reads the last committed state
        # while the site keeps writing (a connection inside a write transaction cannot be a source).
        source = sqlite3.connect(str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]), timeout=20)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return target
    target = folder / PG_MEMBER
    arguments = ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
    done = subprocess.run(  # noqa: S603 - a fixed program with arguments we build, no shell
        [_pg_tool("pg_dump"), *arguments], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise _pg_failed("pg_dump", done.stderr)
    return target


def _load_database(folder: Path, manifest: dict[str, Any]) -> None:
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        raise BackupError(_("Không phục hồi được bên trong một giao dịch cơ sở dữ liệu đang mở."))
    connections.close_all()
    if manifest["engine"] == "sqlite":
        source = sqlite3.connect(folder / SQLITE_MEMBER)
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            # Is the copy a whole, sound database? Checked before the configured file is touched.
            if source.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("quick_check")
            connection.ensure_connection()  # the configured file, opened as the site opens it (WAL)
            source.backup(connection.connection)
        except sqlite3.Error as exc:
            raise BackupError(
                _("Không nạp được cơ sở dữ liệu từ bản sao lưu (%(error)s): dữ liệu hiện có giữ nguyên.")
                % {"error": exc}
            ) from exc
        finally:
            source.close()
            connection.close()
        return
    tables = manifest.get("tables")
    _pg_load(folder / PG_MEMBER, set(tables) if isinstance(tables, list) else None)


def _applied_migrations() -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    return sorted([app, name] for app, name in recorder.applied_migrations())


# --- backup -------------------------------------------------------------------------------------


def _backup_dir() -> Path | None:
    folder = getattr(settings, "DANVAN_BACKUP_DIR", "")
    return Path(folder).resolve() if folder else None


def _media_files(root: Path) -> Iterator[Path]:
    """Regular files under ``root`` (symbolic links are not followed nor stored; the nightly
    backups' folder, should it lie inside, is left out)."""
    skip = _backup_dir()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if (Path(folder) / d).resolve() != skip)
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def write_backup(target: IO[bytes], key: bytes) -> dict[str, Any]:
    """Write an encrypted archive of the database and MEDIA_ROOT to ``target``; return its manifest."""
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="danvan-backup-") as temp:
        dump = _dump_database(Path(temp), engine)
        files = list(_media_files(media_root)) if media_root.is_dir() else []
        manifest = {
            "format": VERSION,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": dump.name,
            "migrations": _applied_migrations(),
            "tables": sorted(connections[DEFAULT_DB_ALIAS].introspection.table_names()),
            "media_files": len(files),
            "media_bytes": sum(_size(path) for path in files),
        }
        writer = EncryptingWriter(target, key)
        with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(dt.datetime.now(dt.UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name, recursive=False)
            for path in files:
                try:
                    archive.add(path, arcname=f"{MEDIA_PREFIX}/{path.relative_to(media_root).as_posix()}")
                except FileNotFoundError:  # deleted by the site since the listing: it is gone anyway
                    continue
        writer.close()
    return manifest


def backup_to_file(path: Path, key: bytes) -> dict[str, Any]:
    """Write the archive next to ``path`` under a temporary name, then rename it: a file with the
    final name is always complete. Readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as stream:
            manifest = write_backup(stream, key)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


# --- restore ------------------------------------------------------------------------------------


def _check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    parts = Path(name).parts
    allowed = name in (MANIFEST, SQLITE_MEMBER, PG_MEMBER) or (len(parts) > 1 and parts[0] == MEDIA_PREFIX)
    if (
        not allowed
        or name.startswith(("/", "\\"))
        or ".." in parts
        or not (member.isfile() or member.isdir())
    ):
        raise BackupError(
            _("Bản sao lưu chứa mục không hợp lệ “%(name)s”: không phục hồi từ tệp này.")
            % {"name": name[:200]}
        )


def unpack(source: IO[bytes], key: bytes, folder: Path) -> dict[str, Any]:
    """Decrypt and unpack a whole archive into ``folder``; return its manifest. Raises BackupError
    (and leaves only ``folder`` written) unless every byte authenticates and every member is safe."""
    reader = DecryptingReader(source, key)
    try:
        with tarfile.open(fileobj=reader, mode="r|") as archive:
            for member in archive:
                _check_member(member)
                archive.extract(member, folder, filter="data")
        reader.finish()
    except tarfile.TarError as exc:
        raise BackupError(
            _("Bản sao lưu bị hỏng hoặc chứa mục không hợp lệ (%(error)s): không phục hồi từ tệp này.")
            % {"error": exc}
        ) from exc
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(_("Bản sao lưu thiếu phần mô tả (manifest.json).")) from exc
    if not (folder / str(manifest.get("database", ""))).is_file():
        raise BackupError(_("Bản sao lưu thiếu cơ sở dữ liệu."))
    return manifest


def _check_compatible(manifest: dict[str, Any]) -> None:
    engine = _engine()
    if manifest.get("engine") != engine:
        raise BackupError(
            _(
                "Bản sao lưu là của cơ sở dữ liệu %(theirs)s, còn hệ thống này dùng %(ours)s: "
                "chỉ phục hồi được vào cùng loại cơ sở dữ liệu."
            )
            % {"theirs": manifest.get("engine"), "ours": engine}
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(
        f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known
    )
    if newer:
        raise BackupError(
            _(
                "Bản sao lưu được tạo bởi phiên bản phần mềm mới hơn (có các bước chuyển đổi dữ liệu %(names)s): "
                "hãy cập nhật phần mềm trước khi phục hồi."
            )
            % {"names": ", ".join(newer[:5])}
        )


def _replace_media(unpacked: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    skip = _backup_dir()
    for entry in list(media_root.iterdir()):
        if entry.resolve() == skip:
            continue  # the nightly backups, should they lie inside, stay
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if unpacked.is_dir():
        for entry in sorted(unpacked.iterdir()):
            shutil.move(str(entry), str(media_root / entry.name))


def restore_from_file(path: Path, key: bytes) -> dict[str, Any]:
    """Replace the database's content and MEDIA_ROOT's files with the archive's; return its manifest.

    The archive is unpacked and checked first (next to MEDIA_ROOT, so files move instead of being
    copied); the database is loaded before the files, so a failing load leaves the files as they were.
    """
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise BackupError(
            _("Không mở được tệp %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
        ) from exc
    with stream, tempfile.TemporaryDirectory(prefix=".danvan-restore-", dir=media_root.parent) as temp:
        folder = Path(temp)
        manifest = unpack(stream, key, folder)
        _check_compatible(manifest)
        _load_database(folder, manifest)
        ContentType.objects.clear_cache()  # this process's ids are the old database's
        _replace_media(folder / MEDIA_PREFIX)
    return manifest


# --- nightly backups ----------------------------------------------------------------------------


def nightly_name(day: dt.date) -> str:
    return f"{NIGHTLY_PREFIX}{day.isoformat()}{NIGHTLY_SUFFIX}"


def _nightly_files(folder: Path) -> list[Path]:
    """The nightly archives in ``folder``, oldest first (their names sort by date)."""
    found = []
    for path in folder.glob(f"{NIGHTLY_PREFIX}*{NIGHTLY_SUFFIX}"):
        try:
            dt.date.fromisoformat(path.name[len(NIGHTLY_PREFIX) : -len(NIGHTLY_SUFFIX)])
        except ValueError:
            continue
        found.append(path)
    return sorted(found)


_retry_after: dt.datetime | None = None  # after a failed nightly backup, wait before trying again
RETRY_DELAY = dt.timedelta(hours=1)


def run_nightly(
    now: dt.datetime | None = None, backup: Callable[[Path, bytes], Any] = backup_to_file
) -> Path | None:
    """The scheduler's job: once a day, at or after DANVAN_BACKUP_HOUR (Vietnam time), write
    ``danvan-YYYY-MM-DD.dvbak`` into DANVAN_BACKUP_DIR and keep the newest DANVAN_BACKUP_KEEP of
    them. Does nothing unless DANVAN_BACKUP_DIR and DANVAN_BACKUP_KEY are set; when not due it costs
    one file lookup. Returns the file written, if any."""
    global _retry_after
    folder_setting = getattr(settings, "DANVAN_BACKUP_DIR", "")
    if not folder_setting or not getattr(settings, "DANVAN_BACKUP_KEY", ""):
        return None
    local = (now or dt.datetime.now(dt.UTC)).astimezone(VIETNAM)
    if local.hour < int(getattr(settings, "DANVAN_BACKUP_HOUR", 2)):
        return None
    folder = Path(folder_setting)
    target = folder / nightly_name(local.date())
    if target.exists() or (_retry_after is not None and local < _retry_after):
        return None
    try:
        backup(target, configured_key())
    except Exception:
        _retry_after = local + RETRY_DELAY
        raise
    _retry_after = None
    announce("backup.create", detail=target.name)
    keep = max(1, int(getattr(settings, "DANVAN_BACKUP_KEEP", 7)))
    for old in _nightly_files(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return target
