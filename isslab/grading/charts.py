"""Inline SVG charts for the class summary: no script, no CDN, readable without the picture.

Each chart carries a <title> and a <desc> that says its data in words, is labelled for
assistive technology (role="img", aria-labelledby), and writes every bar's value as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

BAR_COLOUR = "#2563eb"
PASS_COLOUR = "#17803d"
TRACK_COLOUR = "#e5e7eb"
TEXT_COLOUR = "#1d2330"
FONT = 'font-family="system-ui,sans-serif" font-size="12"'


@dataclass(frozen=True)
class Bin:
    """Scores in [low, high) (the last bin includes its high end)."""

    low: float
    high: float
    count: int

    @property
    def label(self) -> str:
        return f"{self.low:g}–{self.high:g}"


@dataclass(frozen=True)
class Rate:
    """How many of the graded submissions passed one criterion."""

    criterion: str
    passed: int
    graded: int

    @property
    def fraction(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


def score_bins(scores: list[float], max_score: float, count: int = 10) -> list[Bin]:
    """`count` equal bins from 0 to max_score; a full score falls in the last one."""
    top = max_score if max_score > 0 else max(scores, default=0.0) or 1.0
    width = top / count
    tallies = [0] * count
    for score in scores:
        index = min(int(score / width), count - 1) if score > 0 else 0
        tallies[index] += 1
    return [Bin(round(i * width, 2), round((i + 1) * width, 2), tallies[i]) for i in range(count)]


def histogram(bins: list[Bin], chart_id: str = "scores") -> str:
    """A vertical bar chart of how many submissions fall in each score bin."""
    width, height, left, bottom, top = 640, 260, 36, 44, 20
    plot_w, plot_h = width - left - 8, height - top - bottom
    tallest = max((b.count for b in bins), default=0) or 1
    step = plot_w / max(len(bins), 1)
    words = "; ".join(f"{b.label}: {b.count}" for b in bins)
    parts = _open(chart_id, width, height, "Score distribution",
                  f"Number of submissions per score range. {words}.")
    parts.append(_line(left, top + plot_h, left + plot_w, top + plot_h))
    for i, item in enumerate(bins):
        bar_h = plot_h * item.count / tallest
        x = left + i * step + 3
        y = top + plot_h - bar_h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step - 6:.1f}" '
                     f'height="{bar_h:.1f}" fill="{BAR_COLOUR}"/>')
        parts.append(_text(x + (step - 6) / 2, y - 4, str(item.count), "middle"))
        parts.append(_text(x + (step - 6) / 2, top + plot_h + 16, item.label, "middle"))
    parts.append(_text(left + plot_w / 2, height - 6, "score", "middle"))
    return "".join(parts) + "</svg>"


def pass_rates(rates: list[Rate], chart_id: str = "criteria") -> str:
    """One horizontal bar per criterion: the share of graded submissions that passed it."""
    row, label_w, bar_w, top = 22, 170, 360, 8
    width, height = label_w + bar_w + 110, top + row * max(len(rates), 1) + 8
    words = "; ".join(f"{r.criterion}: {r.passed} of {r.graded}" for r in rates)
    parts = _open(chart_id, width, height, "Pass rate per criterion",
                  f"Submissions that passed each criterion, of those graded on it. {words}.")
    for i, rate in enumerate(rates):
        y = top + i * row
        parts.append(_text(label_w - 8, y + 14, rate.criterion, "end"))
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row - 8}" '
                     f'fill="{TRACK_COLOUR}"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * rate.fraction:.1f}" '
                     f'height="{row - 8}" fill="{PASS_COLOUR}"/>')
        shown = f"{rate.fraction:.0%} ({rate.passed}/{rate.graded})" if rate.graded else "—"
        parts.append(_text(label_w + bar_w + 8, y + 14, shown, "start"))
    return "".join(parts) + "</svg>"


def _open(chart_id: str, width: int, height: float, title: str, desc: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
            f'height="{height:.0f}" viewBox="0 0 {width} {height:.0f}" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(desc)}</desc>']


def _text(x: float, y: float, content: str, anchor: str) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{TEXT_COLOUR}" '
            f"{FONT}>{escape(content)}</text>")


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{TEXT_COLOUR}"/>'
