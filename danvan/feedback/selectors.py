"""Reads on citizens' cases (issue 15). Sections as in services.py: clocks · intake (public lookup) ·
handling (staff lists) · board, answers and dialogue."""

# ─── clocks (helper "clocks") ────────────────────────────────────────────────────────────────────


# ─── intake (helper "intake") ────────────────────────────────────────────────────────────────────


# ─── handling (helper "handling") ────────────────────────────────────────────────────────────────


# ─── board, answers and dialogue (helper "board") ────────────────────────────────────────────────
