"""Reads on “Dân vận khéo” models (issue 16). Sections: registry · gallery (public list, API)."""

# ─── registry (helper "registry") ───────────────────────────────────────────────────────────────


# ─── gallery (helper "gallery") ─────────────────────────────────────────────────────────────────
