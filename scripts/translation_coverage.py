#!/usr/bin/env python3
"""Report how much of Wagtail's admin is translated into Vietnamese.

Wagtail ships, per app, an English source catalogue (``locale/en/...``) that
lists every msgid, and a Vietnamese catalogue (``locale/vi/...``) that holds
only the strings Wagtail's translators have done.  The project adds its own
catalogues in ``danvan/locale/vi/LC_MESSAGES`` (found through LOCALE_PATHS,
which take precedence over every app's catalogue) to fill the gaps.

For each Wagtail catalogue (app + gettext domain) this prints:

  total    msgids in Wagtail's English source catalogue
  wagtail  msgids translated in that app's own vi catalogue
  before   wagtail / total
  ours     msgids untranslated there that danvan's catalogue translates
  merged   msgids untranslated there, not in ours, but translated in another
           Wagtail app's vi catalogue (Django merges all catalogues of a
           domain, so these are translated at runtime too)
  missing  msgids still untranslated
  after    (total - missing) / total
  fixed    msgids Wagtail translates but danvan overrides (corrections)

Standard library only.  Usage::

    python scripts/translation_coverage.py [--wagtail-dir DIR] [--check] [--list-missing]

``--check`` exits non-zero if danvan's catalogues contain fuzzy or empty
entries, msgids that no longer exist in Wagtail (stale after an upgrade), or
a .mo file that does not match its .po (forgot to run msgfmt).
"""

from __future__ import annotations

import argparse
import gettext
import glob
import importlib.util
import os
import sys
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS_DIR = os.path.join(ROOT, "danvan", "locale", "vi", "LC_MESSAGES")
DOMAINS = ("django", "djangojs")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return (
            not self.obsolete
            and "fuzzy" not in self.flags
            and bool(self.msgstr)
            and all(s != "" for s in self.msgstr.values())
        )


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError(f"not a quoted PO string: {s!r}")
    s = s[1:-1]
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(_ESCAPES.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_po(path: str) -> list[Entry]:
    """Minimal PO parser: enough for msgfmt-valid catalogues."""
    entries: list[Entry] = []
    cur: Entry | None = None
    target: tuple[str, int | None] | None = None
    pending_flags: set[str] = set()

    def finish():
        nonlocal cur, target
        if cur is not None:
            entries.append(cur)
        cur, target = None, None

    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
            stripped = line.strip()
            if not stripped:
                finish()
                continue
            if stripped.startswith("#,"):
                if cur is not None and target is not None:
                    finish()
                pending_flags |= {f.strip() for f in stripped[2:].split(",") if f.strip()}
                continue
            if stripped.startswith("#"):
                continue
            keyword, _, rest = stripped.partition(" ")
            if keyword.startswith('"'):
                if cur is None or target is None:
                    raise ValueError(f"{path}: continuation line without keyword: {raw!r}")
                value = _unquote(stripped)
                kind, idx = target
                if kind == "msgstr":
                    cur.msgstr[idx] += value
                else:
                    setattr(cur, kind, getattr(cur, kind) + value)
                continue
            if keyword in ("msgctxt", "msgid") and (
                cur is None or (target is not None and target[0] == "msgstr")
            ):
                finish()
            if cur is None:
                cur = Entry(flags=pending_flags, obsolete=obsolete)
                pending_flags = set()
            value = _unquote(rest)
            if keyword == "msgctxt":
                cur.msgctxt, target = value, ("msgctxt", None)
            elif keyword == "msgid":
                cur.msgid, target = value, ("msgid", None)
            elif keyword == "msgid_plural":
                cur.msgid_plural, target = value, ("msgid_plural", None)
            elif keyword == "msgstr":
                cur.msgstr[0], target = value, ("msgstr", 0)
            elif keyword.startswith("msgstr["):
                idx = int(keyword[7:-1])
                cur.msgstr[idx], target = value, ("msgstr", idx)
            else:
                raise ValueError(f"{path}: unknown keyword {keyword!r}")
    finish()
    # drop the header entry
    return [e for e in entries if not (e.msgid == "" and e.msgctxt is None)]


def find_wagtail_dir(explicit: str | None) -> str:
    if explicit:
        return explicit
    spec = importlib.util.find_spec("wagtail")
    if spec and spec.submodule_search_locations:
        return next(iter(spec.submodule_search_locations))
    hits = sorted(glob.glob(os.path.join(ROOT, ".venv", "lib", "python*", "site-packages", "wagtail")))
    if hits:
        return hits[-1]
    sys.exit("Cannot locate the wagtail package; pass --wagtail-dir")


def app_label(wagtail_dir: str, po_path: str) -> str:
    parts = os.path.relpath(po_path, wagtail_dir).split(os.sep)
    app_parts = parts[: parts.index("locale")]  # the first "locale" dir is the catalogue root
    return ".".join(["wagtail", *app_parts]) + (" (core)" if not app_parts else "")


def django_msgids(domain: str) -> set:
    """Msgids (with context) of Django's English catalogues: django/conf and django/contrib/*."""
    spec = importlib.util.find_spec("django")
    if not (spec and spec.submodule_search_locations):
        return set()
    django_dir = next(iter(spec.submodule_search_locations))
    found: set = set()
    for pattern in ("conf", os.path.join("contrib", "*")):
        for po in glob.glob(os.path.join(django_dir, pattern, "locale", "en", "LC_MESSAGES", f"{domain}.po")):
            found |= {e.key for e in parse_po(po) if not e.obsolete}
    return found


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}%" if d else "   - "


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wagtail-dir", help="path to the installed wagtail package")
    ap.add_argument(
        "--ours-dir", default=OURS_DIR, help="directory holding danvan's vi django.po/djangojs.po"
    )
    ap.add_argument("--check", action="store_true", help="fail on fuzzy/empty/stale entries or a stale .mo")
    ap.add_argument(
        "--list-missing", action="store_true", help="print the msgids that are still untranslated"
    )
    args = ap.parse_args(argv)

    wagtail_dir = find_wagtail_dir(args.wagtail_dir)
    problems: list[str] = []
    grand = dict(total=0, wagtail=0, ours=0, merged=0, missing=0, fixed=0)
    uniq_lines = []
    missing_lines: list[str] = []

    print(f"Wagtail package: {wagtail_dir}")
    print(f"danvan catalogues: {os.path.relpath(args.ours_dir, ROOT)}")

    for domain in DOMAINS:
        en_files = sorted(
            glob.glob(
                os.path.join(wagtail_dir, "**", "locale", "en", "LC_MESSAGES", f"{domain}.po"), recursive=True
            )
        )
        ours_path = os.path.join(args.ours_dir, f"{domain}.po")
        ours_entries = parse_po(ours_path) if os.path.exists(ours_path) else []
        ours = {e.key for e in ours_entries if e.translated}

        per_app = []
        vi_by_app: dict[str, set] = {}
        en_by_app: dict[str, set] = {}
        for en in en_files:
            app = app_label(wagtail_dir, en)
            en_by_app[app] = {e.key for e in parse_po(en) if not e.obsolete}
            vi = en.replace(os.sep + "en" + os.sep, os.sep + "vi" + os.sep)
            vi_by_app[app] = {e.key for e in parse_po(vi) if e.translated} if os.path.exists(vi) else set()
        wagtail_any = set().union(*vi_by_app.values()) if vi_by_app else set()
        all_en = set().union(*en_by_app.values()) if en_by_app else set()

        for app in sorted(en_by_app):
            keys, own = en_by_app[app], vi_by_app[app] & en_by_app[app]
            untranslated = keys - own
            n_ours = len(untranslated & ours)
            n_merged = len((untranslated - ours) & wagtail_any)
            missing = len(untranslated - ours - wagtail_any)
            fixed = len(own & ours)
            per_app.append((app, len(keys), len(own), n_ours, n_merged, missing, fixed))

        print()
        print(f"Domain: {domain}")
        hdr = f"  {'app':<36} {'total':>6} {'wagtail':>8} {'before':>7} {'ours':>6} {'merged':>7} {'missing':>8} {'after':>7} {'fixed':>6}"
        print(hdr)
        print("  " + "-" * (len(hdr) - 2))
        sub = dict(total=0, wagtail=0, ours=0, merged=0, missing=0, fixed=0)
        for app, total, own, n_ours, n_merged, missing, fixed in per_app:
            print(
                f"  {app:<36} {total:>6} {own:>8} {pct(own, total):>7} {n_ours:>6} {n_merged:>7} "
                f"{missing:>8} {pct(total - missing, total):>7} {fixed:>6}"
            )
            for k, v in zip(sub, (total, own, n_ours, n_merged, missing, fixed), strict=False):
                sub[k] += v
        print("  " + "-" * (len(hdr) - 2))
        print(
            f"  {'all catalogues':<36} {sub['total']:>6} {sub['wagtail']:>8} {pct(sub['wagtail'], sub['total']):>7} "
            f"{sub['ours']:>6} {sub['merged']:>7} {sub['missing']:>8} "
            f"{pct(sub['total'] - sub['missing'], sub['total']):>7} {sub['fixed']:>6}"
        )
        for k in grand:
            grand[k] += sub[k]

        # Unique msgids, as Django sees them after merging all catalogues of the domain.
        u_total = len(all_en)
        u_wagtail = len(all_en & wagtail_any)
        u_after = len(all_en & (wagtail_any | ours))
        new_in_ours = len((ours & all_en) - wagtail_any)
        for ctx, msgid in sorted(all_en - wagtail_any - ours, key=lambda k: (k[0] or "", k[1])):
            missing_lines.append(f"  [{domain}] " + (f"({ctx}) " if ctx else "") + repr(msgid))
        overrides = len(ours & wagtail_any)
        uniq_lines.append(
            f"  {domain:<9} unique msgids {u_total:>5} | translated by Wagtail {u_wagtail:>5} ({pct(u_wagtail, u_total).strip()})"
            f" | added by danvan {new_in_ours:>5} | overridden {overrides:>4}"
            f" | after {u_after:>5} ({pct(u_after, u_total).strip()})"
        )

        # Sanity checks on our catalogue. A few entries fill gaps in Django's own Vietnamese
        # catalogue (timesince, humanize's naturaltime), which Wagtail's admin shows too.
        django_en = django_msgids(domain)
        stale = {k for k in ours if k not in all_en and k not in django_en}
        if stale:
            problems.append(
                f"{domain}.po: {len(stale)} msgid(s) no longer in Wagtail or Django, e.g. {sorted(stale)[0][1]!r}"
            )
        bad = [e for e in ours_entries if not e.translated]
        if bad:
            problems.append(f"{domain}.po: {len(bad)} fuzzy/empty entr(y/ies), e.g. {bad[0].msgid!r}")
        mo_path = ours_path[:-3] + ".mo"
        if ours_entries:
            if not os.path.exists(mo_path):
                problems.append(f"{domain}.mo is missing: run msgfmt")
            else:
                with open(mo_path, "rb") as fh:
                    catalog = gettext.GNUTranslations(fh)._catalog
                mo_ids = {k[0] if isinstance(k, tuple) else k for k in catalog} - {""}
                po_ids = {
                    (e.msgctxt + "\x04" if e.msgctxt else "") + e.msgid for e in ours_entries if e.translated
                }
                if mo_ids != po_ids:
                    problems.append(
                        f"{domain}.mo does not match {domain}.po ({len(mo_ids)} vs {len(po_ids)} msgids): run msgfmt"
                    )

    print()
    print("Overall, summed over catalogues (a msgid shared by several apps counts once per app):")
    print(
        f"  total {grand['total']} | translated by Wagtail {grand['wagtail']} ({pct(grand['wagtail'], grand['total']).strip()})"
        f" | by danvan {grand['ours']} | via other Wagtail apps {grand['merged']} | missing {grand['missing']}"
        f" | after {grand['total'] - grand['missing']} ({pct(grand['total'] - grand['missing'], grand['total']).strip()})"
        f" | Wagtail translations overridden {grand['fixed']}"
    )
    print("Overall, unique msgids per domain (what Django's merged catalogue sees):")
    for line in uniq_lines:
        print(line)

    if args.list_missing:
        print()
        print(f"Untranslated msgids ({len(missing_lines)}):")
        for line in missing_lines:
            print(line)

    if problems:
        print()
        for p in problems:
            print("PROBLEM:", p)
    return 1 if (args.check and problems) else 0


if __name__ == "__main__":
    sys.exit(main())
