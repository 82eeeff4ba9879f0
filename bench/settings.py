"""Settings for ``python -m bench``: the test settings plus a URLconf with a trivial baseline view.

The database, media and var folders come from the environment that ``bench.__main__`` sets up
before Django starts (DATABASE_URL, DANVAN_VAR_DIR, DANVAN_MEDIA_ROOT), so the SQLite options of
danvan/settings/base.py (WAL, busy timeout, IMMEDIATE transactions) apply as in production.
"""

from danvan.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
