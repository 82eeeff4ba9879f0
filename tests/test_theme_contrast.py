"""Every theme's colour pairs meet WCAG 2.1 AA (4.5:1 for normal text)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "danvan/core/static/core/css/site.css").read_text()
THEMES = ["red", "blue", "yellow", "green"]
# (foreground, background) pairs that carry text.
PAIRS = [("on-brand", "brand"), ("on-brand", "brand-dark"), ("accent", "white"), ("accent", "accent-soft")]


def theme_vars(theme: str) -> dict[str, str]:
    block = re.search(r'\[data-theme="' + theme + r'"\]\s*\{([^}]*)\}', CSS)
    assert block, theme
    values = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block.group(1)))
    values["white"] = "#ffffff"
    return values


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_theme_text_meets_aa(theme: str, fg: str, bg: str) -> None:
    colours = theme_vars(theme)
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= 4.5, f"{theme}: {fg} {colours[fg]} on {bg} {colours[bg]} is {ratio:.2f}:1"


def test_muted_text_meets_aa_on_white() -> None:
    muted = re.search(r"--muted:\s*(#[0-9a-fA-F]{6})", CSS)
    assert muted and contrast(muted.group(1), "#ffffff") >= 4.5
