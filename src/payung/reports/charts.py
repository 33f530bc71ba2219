"""Small charts drawn on the server as SVG (the PDF needs no browser): a line chart of a monthly series
with flat target lines, and a ranked horizontal bar chart. Plain strings, no Django."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLOURS = ("#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1")
FONT = 'font-family="DejaVu Sans" font-size="9"'


def _nice_top(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 2.5, 5 × a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10.0 * power


def _number(value: float, decimals: int = 0) -> str:
    """Indonesian grouping for axis labels: 1.234,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def line_chart(
    labels: Sequence[str],
    lines: Sequence[tuple[str, Sequence[float | None], bool]],
    *,
    unit: str = "",
    width: int = 480,
    height: int = 220,
) -> str:
    """`lines`: (legend, values, dashed). Points with None are left out of their line."""
    left, right, top, bottom = 48, 24, 10, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, vs, _ in lines for v in vs if v is not None]
    top_value = _nice_top(max(values) if values else 1.0)
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / top_value

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    for step in range(5):
        value = top_value * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>'
        )
        decimals = 1 if top_value < 10 else 0
        parts.append(
            f'<text x="{left - 4}" y="{y(value) + 3:.1f}" text-anchor="end" {FONT}>{_number(value, decimals)}{escape(unit)}</text>'
        )
    every = max(1, count // 8)
    for i, label in enumerate(labels):
        if i % every == 0 or i == count - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 12}" text-anchor="middle" {FONT}>{escape(label)}</text>'
            )
    for index, (legend, series, dashed) in enumerate(lines):
        colour = COLOURS[index % len(COLOURS)]
        points = [f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series) if v is not None]
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        if len(points) > 1:
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{" ".join(points)}"/>'
            )
        for point in points if not dashed else ():
            cx, cy = point.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="{colour}"/>')
        legend_y = height - 14 + 0
        legend_x = left + index * 150
        parts.append(f'<rect x="{legend_x}" y="{legend_y - 7}" width="10" height="3" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="{legend_y}" {FONT}>{escape(legend)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    labels: Sequence[str], values: Sequence[float], *, unit: str = "", width: int = 480, bar: int = 14
) -> str:
    """Horizontal bars, in the order given (rank them before), the value written at each bar's end."""
    left, right = 150, 70
    height = max(len(labels), 1) * (bar + 6) + 10
    top_value = max(values) if values else 1
    plot_w = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + i * (bar + 6)
        length = plot_w * value / top_value if top_value else 0
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(
            f'<text x="{left - 4}" y="{y + bar - 3}" text-anchor="end" {FONT}>{escape(short)}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="{COLOURS[0]}"/>')
        decimals = 0 if float(value).is_integer() else 2
        parts.append(
            f'<text x="{left + length + 4:.1f}" y="{y + bar - 3}" {FONT}>{_number(value, decimals)}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
