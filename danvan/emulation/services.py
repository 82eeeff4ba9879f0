"""Writes on “Dân vận khéo” models (issue 16). Sections: registry (register, review, score,
recognise, revoke) · gallery."""

# ─── registry (helper "registry") ───────────────────────────────────────────────────────────────


# ─── gallery (helper "gallery") ─────────────────────────────────────────────────────────────────
