"""Stacked bar charts as inline SVG, rendered on the server.

Hand-written rather than a charting library: the view must work offline with no CDN, the chart
needs only bars, ticks and a legend, and its colours come from the page's CSS variables so it
follows Airflow's light/dark mode (a library's SVG carries its own styles and scripts).
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from html import escape

WIDTH, HEIGHT = 960, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 10, 28
PALETTE_SIZE = 8  # CSS classes s0..s7 (the last one is "other")


def buckets(end: dt.datetime, count: int, step: dt.timedelta) -> list[dt.datetime]:
    """The `count` bucket starts ending with `end` (so empty hours/days still get a slot)."""
    return [end - step * (count - 1 - i) for i in range(count)]


def series(rows: Iterable[dict], top: int = PALETTE_SIZE - 1) -> tuple[list[str], dict[str, dict]]:
    """rows of (bucket, agency, stories) → the `top` agencies by volume (+ 'other') and their counts."""
    per: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        per[r["agency"] or "(none)"][r["bucket"]] += int(r["stories"])
    ranked = sorted(per, key=lambda a: (-sum(per[a].values()), a))
    names, other = ranked[:top], ranked[top:]
    out = {name: dict(per[name]) for name in names}
    if other:
        merged: dict = defaultdict(int)
        for name in other:
            for bucket, n in per[name].items():
                merged[bucket] += n
        out["other"] = dict(merged)
        names.append("other")
    return names, out


def nice_max(value: int) -> int:
    """A round axis maximum at or above value (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    power = 10 ** int(math.floor(math.log10(value)))
    for m in (1, 2, 5, 10):
        if m * power >= value:
            return m * power
    return 10 * power


def stacked_bars(slots: list, names: list[str], data: dict[str, dict], label, title: str) -> str:
    """An SVG of one stacked bar per slot; `label(slot)` gives the x tick text (or '' for none)."""
    totals = [sum(data[n].get(s, 0) for n in names) for s in slots]
    top = max(nice_max(max(totals, default=0)), 5)  # 5 grid steps: whole numbers on the axis
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot_w = plot_w / max(len(slots), 1)
    bar_w = max(slot_w * 0.8, 1)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
             f'data-total="{sum(totals)}" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for i in range(6):
        value = top * i / 5
        y = TOP + plot_h - plot_h * i / 5
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    for i, (slot, total) in enumerate(zip(slots, totals)):
        x = LEFT + i * slot_w + (slot_w - bar_w) / 2
        parts.append(f'<g class="bar" data-slot="{escape(str(slot))}" data-total="{total}">')
        y = TOP + plot_h
        for k, name in enumerate(names):
            n = data[name].get(slot, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            cls = f"s{PALETTE_SIZE - 1}" if name == "other" else f"s{k % (PALETTE_SIZE - 1)}"
            parts.append(f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
                         f"<title>{escape(label(slot, True))} · {escape(name)}: {n}</title></rect>")
        parts.append("</g>")
        text = label(slot, False)
        if text:
            parts.append(f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{HEIGHT - 10}" '
                         f'text-anchor="middle">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def legend(names: list[str], data: dict[str, dict]) -> list[dict]:
    """The legend entries: name, CSS class and total, in stacking order."""
    return [{"name": name, "total": sum(data[name].values()),
             "cls": f"s{PALETTE_SIZE - 1}" if name == "other" else f"s{k % (PALETTE_SIZE - 1)}"}
            for k, name in enumerate(names)]
