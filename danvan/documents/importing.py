"""Bulk import of documents from a CSV or XLSX file and a folder of their files: all or nothing.

The file is read by core.tabular (CSV UTF-8 or XLSX, told by its content; column names matched
without accents or case). Columns (header row): ``number, type, system, issuer, title, issued_on`` required;
``year_in_symbol, signer, effective_on, status, field, abstract, file`` optional. ``type`` and
``issuer`` are codes (``CTr``, ``HU``); ``system`` is ``party`` or ``state`` (needed where a code
exists in both, like ``KH``); dates are ``dd/mm/yyyy`` or ``yyyy-mm-dd``; ``status`` one of
in_force / expired / replaced / amended (default in_force); ``file`` a file name in the folder.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core import tabular
from danvan.core.files import check, safe_name

from .models import DocumentFile, DocumentType, Field, Issuer, LegalDocument

REQUIRED = ("number", "type", "system", "issuer", "title", "issued_on")
OPTIONAL = ("year_in_symbol", "signer", "effective_on", "status", "field", "abstract", "file")
COLUMNS = tabular.Columns(REQUIRED, OPTIONAL)


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0


def import_documents(csv_text: str | bytes, folder: Path | None, *, dry_run: bool = False) -> ImportResult:
    """``csv_text``: CSV text, or the file's bytes (CSV UTF-8 or XLSX). Every row is checked first;
    with any error (listed "Dòng N: …") or ``dry_run``, nothing is written."""
    result = ImportResult()
    try:
        table = tabular.read_table(csv_text, COLUMNS)
    except tabular.ImportRejected as rejected:
        result.errors.extend(rejected.errors)
        return result
    types = {(t.system, t.code.lower()): t for t in DocumentType.objects.all()}
    issuers = {i.code.lower(): i for i in Issuer.objects.all()}
    fields = {f.name.lower(): f for f in Field.objects.all()}
    planned: list[tuple[LegalDocument, Path | None, str]] = []
    seen: set[tuple[str, dt.date]] = set()
    problems_by_line: dict[int, list[str]] = dict(table.problems)
    for line, row in table.rows:
        problems = problems_by_line.setdefault(line, [])
        doc_type = types.get((row["system"], row["type"].lower()))
        if doc_type is None:
            problems.append(_("loại “%(t)s” (%(s)s) không có") % {"t": row["type"], "s": row["system"]})
        issuer = issuers.get(row["issuer"].lower())
        if issuer is None:
            problems.append(_("cơ quan “%(i)s” không có") % {"i": row["issuer"]})
        issued = tabular.read_date(row["issued_on"], problems)
        effective = tabular.read_date(row["effective_on"], problems) if row["effective_on"] else None
        status = row.get("status") or LegalDocument.Status.IN_FORCE
        if status not in LegalDocument.Status.values:
            problems.append(_("tình trạng “%(s)s” không có") % {"s": status})
        field_obj = fields.get(row.get("field", "").lower()) if row.get("field") else None
        if row.get("field") and field_obj is None:
            problems.append(_("lĩnh vực “%(f)s” không có") % {"f": row["field"]})
        year = row.get("year_in_symbol") or ""
        if year and not (year.isascii() and year.isdigit()):
            problems.append(_("năm trong ký hiệu “%(y)s” không phải số") % {"y": year})
        path: Path | None = None
        if row.get("file"):
            if folder is None:
                problems.append(_("có tên tệp nhưng không chỉ thư mục tệp (--files)"))
            else:
                path = (folder / row["file"]).resolve()
                if folder.resolve() not in path.parents or not path.is_file():
                    problems.append(_("không thấy tệp “%(f)s” trong thư mục") % {"f": row["file"]})
                    path = None
        if not problems and doc_type and issuer and issued:
            document = LegalDocument(
                number=row["number"],
                year_in_symbol=int(year) if year else None,
                type=doc_type,
                issuer=issuer,
                title=row["title"],
                signer=row.get("signer", ""),
                issued_on=issued,
                effective_on=effective,
                status=status,
                field=field_obj,
                abstract=row.get("abstract", ""),
            )
            try:
                document.full_clean(exclude=["symbol", "symbol_key", "folded_text"])
            except ValidationError as exc:
                problems.extend(m for messages in exc.message_dict.values() for m in messages)
            key = (document.make_symbol(), issued)
            if key in seen or LegalDocument.objects.filter(symbol=key[0], issued_on=issued).exists():
                problems.append(
                    _("văn bản %(s)s ngày %(d)s đã có") % {"s": key[0], "d": f"{issued:%d/%m/%Y}"}
                )
            seen.add(key)
            if path is not None and not problems:
                with path.open("rb") as handle:
                    try:
                        check(handle, size=path.stat().st_size)
                    except ValidationError as exc:
                        problems.extend(exc.messages)
            if not problems:
                planned.append((document, path, row.get("file", "")))
    result.errors = tabular.format_errors(problems_by_line)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for document, path, name in planned:
            document.save()
            if path is not None:
                with path.open("rb") as handle:
                    checked = check(handle, size=path.stat().st_size)
                    attached = DocumentFile(
                        document=document,
                        original_name=safe_name(name),
                        kind=checked.kind,
                        size=path.stat().st_size,
                        text=checked.text,
                    )
                    attached.file.save(name, File(handle), save=True)
            result.created += 1
    return result
