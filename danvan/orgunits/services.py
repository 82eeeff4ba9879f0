"""Writes to the unit tree: the CSV import of units and successions, all or nothing.

Units file (UTF-8, header row): ``code, name`` required; ``parent_code, level, org_type, valid_from,
valid_to`` optional. Successions file: ``predecessor, successor, kind, effective_on`` required,
``share`` optional (default 1). Dates are ``yyyy-mm-dd`` or ``dd/mm/yyyy``; levels, types and units
are given by code. Existing codes (and existing predecessor → successor pairs) are updated.

Every row is checked before anything is written — a parent may come later in the file than its
children — and one bad row stops the whole import, with every problem listed as "Dòng N: …".
The writes then run in one transaction without a query per row: one read of the saved tree, paths
worked out in memory, ``bulk_create`` one depth at a time, updates only for rows that change (the
national structure, 14,000 units and 10,500 successions, in about 2 s on SQLite; bench/orgunits.py).

Memberships: grant_role gives a user a role on a unit (the demo users get theirs through it).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from danvan.core import tabular

from .models import CODE_VALIDATOR, OrgLevel, OrgType, OrgUnit, Succession, UnitMembership
from .selectors import SUCCESSION_COLUMNS, UNIT_COLUMNS, format_share

# Sent when units or successions were written without model signals (the import's bulk statements);
# apps that keep figures computed over the tree (programmes) listen.
tree_changed = Signal()

UNIT_REQUIRED = ("code", "name")
SUCCESSION_REQUIRED = ("predecessor", "successor", "kind", "effective_on")
UNIT_SPEC = tabular.Columns(UNIT_REQUIRED, tuple(c for c in UNIT_COLUMNS if c not in UNIT_REQUIRED))
SUCCESSION_SPEC = tabular.Columns(
    SUCCESSION_REQUIRED, tuple(c for c in SUCCESSION_COLUMNS if c not in SUCCESSION_REQUIRED)
)
NAME_MAX = 255
ONE = Decimal(1)


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)  # the units file's, "Dòng N: …"
    succession_errors: list[str] = field(default_factory=list)  # the successions file's
    created: int = 0
    updated: int = 0
    successions_created: int = 0
    successions_updated: int = 0

    @property
    def ok(self) -> bool:
        return not (self.errors or self.succession_errors)


@dataclass
class _UnitRow:
    line: int
    code: str
    name: str
    parent_code: str
    level: OrgLevel | None
    org_type: OrgType | None
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass
class _SuccessionRow:
    line: int
    predecessor: str
    successor: str
    kind: str
    effective_on: dt.date
    share: Decimal


class _Dates:
    """``tabular.read_date`` remembering the dates it has read: a national file repeats two or three
    dates fourteen thousand times, and each strptime costs 20 µs."""

    def __init__(self) -> None:
        self.seen: dict[str, dt.date] = {}

    def read(self, raw: str, problems: list[str]) -> dt.date | None:
        found = self.seen.get(raw)
        if found is None:
            found = tabular.read_date(raw, problems)
            if found is not None:
                self.seen[raw] = found
        return found


def _read(
    text: str, columns: tabular.Columns, errors: list[str]
) -> tuple[list[tuple[int, dict[str, str]]], dict[int, list[str]]]:
    """Rows of a CSV text as (line number, cleaned row), and the reader's problems by line; a file
    refused as a whole (its header, its encoding) goes to `errors` and gives no rows."""
    try:
        table = tabular.read_table(text, columns)
    except tabular.ImportRejected as rejected:
        errors.extend(rejected.errors)
        return [], {}
    return table.rows, table.problems


def _check_units(text: str, result: ImportResult) -> list[_UnitRow]:
    rows, read_problems = _read(text, UNIT_SPEC, result.errors)
    levels = {level.code: level for level in OrgLevel.objects.all()}
    types = {org_type.code: org_type for org_type in OrgType.objects.all()}
    existing_parents = dict(OrgUnit.objects.values_list("code", "parent__code"))
    problems_by_line: dict[int, list[str]] = defaultdict(list, read_problems)
    read_date = _Dates().read
    planned: list[_UnitRow] = []
    first_line: dict[str, int] = {}
    # Pass 1: each row on its own. Parents are resolved in pass 2, once every code in the file is known.
    for number, row in rows:
        problems = problems_by_line[number]
        code = row["code"]
        if not code:
            problems.append(_("thiếu mã đơn vị"))
        else:
            try:
                CODE_VALIDATOR(code)
            except ValidationError:
                problems.append(
                    _(
                        "mã “%(c)s” không hợp lệ (chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới; tối đa 40 ký tự)"
                    )
                    % {"c": code}
                )
            if code in first_line:
                problems.append(_("mã “%(c)s” đã có ở dòng %(n)s") % {"c": code, "n": first_line[code]})
            else:
                first_line[code] = number
        name = row["name"]
        if not name:
            problems.append(_("thiếu tên đơn vị"))
        elif len(name) > NAME_MAX:
            problems.append(_("tên dài quá %(n)s ký tự") % {"n": NAME_MAX})
        level_code, type_code = row.get("level", ""), row.get("org_type", "")
        if level_code and level_code not in levels:
            problems.append(_("cấp “%(c)s” không có") % {"c": level_code})
        if type_code and type_code not in types:
            problems.append(_("loại tổ chức “%(c)s” không có") % {"c": type_code})
        dates: dict[str, dt.date | None] = {}
        for column in ("valid_from", "valid_to"):
            raw = row.get(column, "")
            dates[column] = read_date(raw, problems) if raw else None
        start, end = dates["valid_from"], dates["valid_to"]
        if start and end and end < start:
            problems.append(
                _("ngày hết hiệu lực %(e)s trước ngày có hiệu lực %(s)s")
                % {"e": f"{end:%d/%m/%Y}", "s": f"{start:%d/%m/%Y}"}
            )
        planned.append(
            _UnitRow(
                number,
                code,
                name,
                row.get("parent_code", ""),
                levels.get(level_code),
                types.get(type_code),
                start,
                end,
            )
        )
    # Pass 2: parents, among the file's codes or the units already saved; then cycles in the result.
    final_parent: dict[str, str | None] = dict(existing_parents)
    for unit in planned:
        if unit.code and first_line.get(unit.code) == unit.line:
            final_parent[unit.code] = unit.parent_code or None
    for unit in planned:
        parent = unit.parent_code
        if not parent:
            continue
        if parent == unit.code:
            problems_by_line[unit.line].append(_("đơn vị cấp trên không thể là chính nó"))
        elif parent not in first_line and parent not in existing_parents:
            problems_by_line[unit.line].append(
                _("đơn vị cấp trên “%(c)s” không có trong tệp hay trong hệ thống") % {"c": parent}
            )
        elif first_line.get(unit.code) == unit.line:
            chain = [unit.code, parent]
            ancestor: str | None = parent
            while ancestor is not None and ancestor != unit.code and chain.count(ancestor) == 1:
                ancestor = final_parent.get(ancestor)
                if ancestor is not None:
                    chain.append(ancestor)
            if ancestor == unit.code:
                problems_by_line[unit.line].append(
                    _("đơn vị cấp trên tạo vòng lặp: %(c)s") % {"c": " → ".join(chain)}
                )
    result.errors.extend(tabular.format_errors(problems_by_line))
    if result.errors:
        return []

    def depth(code: str) -> int:
        steps, ancestor = 0, final_parent.get(code)
        while ancestor is not None:
            steps, ancestor = steps + 1, final_parent.get(ancestor)
        return steps

    return sorted(planned, key=lambda unit: depth(unit.code))  # parents are saved before their children


def _check_successions(text: str, unit_codes: set[str], result: ImportResult) -> list[_SuccessionRow]:
    errors = result.succession_errors
    rows, read_problems = _read(text, SUCCESSION_SPEC, errors)
    known = unit_codes | set(OrgUnit.objects.values_list("code", flat=True))
    existing = {
        (p, s): (kind, share)
        for p, s, kind, share in Succession.objects.values_list(
            "predecessor__code", "successor__code", "kind", "share"
        )
    }
    problems_by_line: dict[int, list[str]] = defaultdict(list, read_problems)
    read_date = _Dates().read
    kinds = Succession.Kind.values  # a list built afresh on each access
    old_role, new_role = _("đơn vị cũ"), _("đơn vị tiếp nhận")
    planned: list[_SuccessionRow] = []
    linked: list[
        tuple[int, str, str, str, Decimal]
    ] = []  # rows whose link is readable, for the checks across rows
    first_line: dict[tuple[str, str], int] = {}
    for number, row in rows:
        problems = problems_by_line[number]
        predecessor, successor, kind = row["predecessor"], row["successor"], row["kind"]
        for role, code in ((old_role, predecessor), (new_role, successor)):
            if not code:
                problems.append(_("thiếu %(r)s") % {"r": role})
            elif code not in known:
                problems.append(_("%(r)s “%(c)s” không có") % {"r": role, "c": code})
        if predecessor and predecessor == successor:
            problems.append(_("đơn vị cũ và đơn vị tiếp nhận trùng nhau"))
        if kind not in kinds:
            problems.append(_("hình thức “%(k)s” không có (dùng %(a)s)") % {"k": kind, "a": ", ".join(kinds)})
        effective_on = read_date(row["effective_on"], problems)
        raw_share = row.get("share", "") or "1"
        share, share_ok = None, False
        try:
            share = Decimal(raw_share.replace(",", "."))
        except InvalidOperation:
            problems.append(_("tỷ lệ “%(s)s” không phải số") % {"s": raw_share})
        if share is not None:
            if not share.is_finite() or not (0 < share <= 1):
                problems.append(_("tỷ lệ %(s)s phải lớn hơn 0 và không quá 1") % {"s": raw_share})
            elif share.as_tuple().exponent < -4:  # type: ignore[operator]  # a finite Decimal's exponent is an int
                problems.append(_("tỷ lệ %(s)s có quá 4 chữ số thập phân") % {"s": raw_share})
            else:
                share_ok = True
            if share_ok and kind in kinds and kind != Succession.Kind.SPLIT and share != ONE:
                problems.append(
                    _("chỉ khi chia tách mới có tỷ lệ khác 1 (hình thức “%(k)s”, tỷ lệ %(s)s)")
                    % {"k": kind, "s": raw_share}
                )
        pair = (predecessor, successor)
        if pair in first_line:
            problems.append(
                _("cặp %(p)s → %(s)s đã có ở dòng %(n)s")
                % {"p": predecessor, "s": successor, "n": first_line[pair]}
            )
        else:
            first_line[pair] = number
            if predecessor and successor and kind in kinds and share_ok and share is not None:
                linked.append((number, predecessor, successor, kind, share))
        if not problems and effective_on is not None and share is not None:
            planned.append(_SuccessionRow(number, predecessor, successor, kind, effective_on, share))
    # The links as they would be after the import: the pairs already saved, overridden by this file's.
    final = dict(existing)
    final.update({(p, s): (kind, share) for _n, p, s, kind, share in linked})
    # Splits: the parts of one predecessor (this file's rows and the pairs already saved) make 1.
    lines_of: dict[str, list[int]] = defaultdict(list)
    for number, p, _s, _kind, _share in linked:
        lines_of[p].append(number)
    split_parts: dict[str, list[Decimal]] = defaultdict(list)  # grouped once: not one scan per predecessor
    for (p, _s), (kind, share) in final.items():
        if kind == Succession.Kind.SPLIT:
            split_parts[p].append(share)
    for predecessor, lines in lines_of.items():
        parts = split_parts.get(predecessor, [])
        total = sum(parts, Decimal(0))
        if parts and total != ONE:
            problems_by_line[lines[0]].append(
                _("các phần chia tách của “%(p)s” cộng lại %(t)s, phải bằng 1 (dòng %(l)s)")
                % {"p": predecessor, "t": format_share(total), "l": ", ".join(map(str, lines))}
            )
    # Cycles: a successor that (through other successions) leads back to its predecessor.
    onward: dict[str, list[str]] = defaultdict(list)
    for p, s in final:
        onward[p].append(s)
    for r in planned:
        path = _path_between(onward, r.successor, r.predecessor)
        if path:
            problems_by_line[r.line].append(
                _("kế thừa tạo vòng lặp: %(c)s") % {"c": " → ".join([r.predecessor, *path])}
            )
    errors.extend(tabular.format_errors(problems_by_line))
    return [] if errors else planned


def _path_between(onward: dict[str, list[str]], start: str, goal: str) -> list[str]:
    """Codes from `start` to `goal` along succession links, or [] if `goal` cannot be reached."""
    stack: list[list[str]] = [[start]]
    seen = {start}
    while stack:
        path = stack.pop()
        if path[-1] == goal:
            return path
        for nxt in onward.get(path[-1], []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append([*path, nxt])
    return []


class _Stored(NamedTuple):
    """A unit's columns as the import writes them: compared to know whether a row changes."""

    name: str
    parent_id: int | None
    level_id: int | None
    org_type_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    path: str
    depth: int


UNIT_FIELDS = ("name", "parent_id", "level_id", "org_type_id", "valid_from", "valid_to", "path", "depth")


def _write_units(units: list[_UnitRow], result: ImportResult) -> dict[str, int]:
    """Create and update the checked rows; returns every unit's pk by code.

    One read of the whole tree, paths worked out in memory (the file's parents over the saved ones, so a
    moved unit's saved subtree follows it), new units by ``bulk_create`` one depth at a time (a parent's
    pk is known before its children are written), and only the rows that change updated. ``OrgUnit.save``
    would cost three queries a row: 56 s for the national structure.
    """
    saved: dict[str, tuple[int, _Stored]] = {}
    code_of: dict[int, str] = {}
    for pk, code, *columns in OrgUnit.objects.values_list("pk", "code", *UNIT_FIELDS):
        saved[code] = (pk, _Stored(*columns))
        code_of[pk] = code
    parent_of: dict[str, str | None] = {
        code: code_of[stored.parent_id] if stored.parent_id is not None else None
        for code, (_pk, stored) in saved.items()
    }
    in_file = {row.code: row for row in units}
    parent_of.update((row.code, row.parent_code or None) for row in units)
    paths: dict[str, str] = {}

    def path_of(code: str) -> str:
        chain: list[str] = []
        ancestor: str | None = code
        while ancestor is not None and ancestor not in paths:
            chain.append(ancestor)
            ancestor = parent_of.get(ancestor)
        prefix = paths[ancestor] if ancestor is not None else "/"
        for step in reversed(chain):  # the checks refused cycles: every chain ends at a root
            prefix = paths[step] = f"{prefix}{step}/"
        return paths[code]

    pks = {code: pk for code, (pk, _stored) in saved.items()}
    new_by_depth: dict[int, list[_UnitRow]] = defaultdict(list)
    for row in units:
        if row.code in saved:
            result.updated += 1
        else:
            new_by_depth[path_of(row.code).count("/") - 1].append(row)
            result.created += 1
    for depth in sorted(new_by_depth):
        created = OrgUnit.objects.bulk_create(
            OrgUnit(
                code=row.code,
                name=row.name,
                parent_id=pks[row.parent_code] if row.parent_code else None,
                level=row.level,
                org_type=row.org_type,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                path=paths[row.code],
                depth=depth,
            )
            for row in new_by_depth[depth]
        )
        pks.update((unit.code, unit.pk) for unit in created)
    changed: list[tuple[Any, ...]] = []
    for code, (pk, stored) in saved.items():
        given = in_file.get(code)
        path = path_of(code)
        after = (
            _Stored(
                given.name,
                pks[given.parent_code] if given.parent_code else None,
                given.level.pk if given.level else None,
                given.org_type.pk if given.org_type else None,
                given.valid_from,
                given.valid_to,
                path,
                path.count("/") - 1,
            )
            if given is not None
            else stored._replace(path=path, depth=path.count("/") - 1)  # under a unit the file moved
        )
        if after != stored:
            changed.append((*after, pk))
    _update_rows(OrgUnit._meta.db_table, UNIT_FIELDS, changed)
    return pks


def _update_rows(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """``UPDATE table SET columns… WHERE id = …`` for each row (its values, then its pk), as one
    prepared statement (``bulk_update`` builds a CASE per field and row)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(table)} SET {assignments} WHERE id = %s",  # noqa: S608 - names from the models, values bound
            [tuple(adapt(v) if isinstance(v, dt.date) else v for v in row) for row in rows],
        )


SUCCESSION_FIELDS = ("kind", "effective_on", "share")


def _write_successions(rows: list[_SuccessionRow], pks: dict[str, int], result: ImportResult) -> None:
    """Create the new pairs with ``bulk_create`` and update the saved pairs whose values change."""
    saved = {
        (p, s): (pk, (kind, effective_on, share))
        for pk, p, s, kind, effective_on, share in Succession.objects.values_list(
            "pk", "predecessor_id", "successor_id", *SUCCESSION_FIELDS
        )
    }
    new: list[Succession] = []
    changed: list[tuple[Any, ...]] = []
    for row in rows:
        pair = (pks[row.predecessor], pks[row.successor])
        values = (row.kind, row.effective_on, row.share)
        if pair in saved:
            result.successions_updated += 1
            pk, before = saved[pair]
            if before != values:
                adapted = connection.ops.adapt_decimalfield_value(row.share, 5, 4)
                changed.append((row.kind, row.effective_on, adapted, pk))
        else:
            result.successions_created += 1
            new.append(
                Succession(
                    predecessor_id=pair[0],
                    successor_id=pair[1],
                    kind=row.kind,
                    effective_on=row.effective_on,
                    share=row.share,
                )
            )
    Succession.objects.bulk_create(new)
    _update_rows(Succession._meta.db_table, SUCCESSION_FIELDS, changed)


def import_org_units(
    units_text: str | None, successions_text: str | None = None, *, dry_run: bool = False
) -> ImportResult:
    """Check both files, then (unless `dry_run` or any error) upsert units and successions in one transaction."""
    result = ImportResult()
    units = _check_units(units_text, result) if units_text is not None else []
    file_codes = {u.code for u in units}
    if units_text is not None and result.errors:
        # Still check the successions, against the codes the units file names, to list every problem at once.
        lenient = tabular.Columns((), UNIT_SPEC.names)  # no column required: the codes it names
        file_codes = {row["code"] for _n, row in _read(units_text, lenient, [])[0] if row["code"]}
    successions = (
        _check_successions(successions_text, file_codes, result) if successions_text is not None else []
    )
    if not result.ok or dry_run:
        return result
    with transaction.atomic():
        pks = _write_units(units, result)
        _write_successions(successions, pks, result)
        tree_changed.send(sender=import_org_units)
    return result


def grant_role(user: Any, unit: OrgUnit, role: str) -> bool:
    """Give ``user`` the ``role`` (permissions.DATA_ENTRY or APPROVER) on ``unit``, unless they hold it
    already; returns whether a membership was created. An unknown role raises ValueError."""
    _membership, created = UnitMembership.objects.get_or_create(
        user=user, org_unit=unit, role=UnitMembership.Role(role)
    )
    return created
