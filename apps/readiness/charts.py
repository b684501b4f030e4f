"""Chart geometry for server-rendered SVG: the templates draw what these functions lay out.

No JavaScript and no inline styles: colours come from CSS classes, so the charts follow light and dark mode and
run under the strict Content-Security-Policy. Every chart has a table beside it as its text alternative.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import irt

LEVELS = (1, 2, 3, 4, 5)


def svg_number(value: float) -> str:
    """A coordinate as the SVG attribute text. Charts hand the templates text, not numbers: a number in a template
    goes through Django's localisation (number_format) at every use, and a profile chart has hundreds of them."""
    return f"{value:g}"


@dataclass(frozen=True)
class Bar:
    """One competency's bar; every coordinate is SVG attribute text (svg_number)."""

    label: str
    y: str
    x0: str
    width: str  # of the bar, from level 1 to the estimated level
    low: str  # error bar
    high: str
    target: str | None  # x of the target tick
    label_y: str
    error_y: str
    cap_top: str
    cap_bottom: str
    target_top: str
    target_bottom: str


@dataclass(frozen=True)
class ProfileChart:
    width: int
    height: int
    label_x: str
    grid_bottom: str
    axis_y: str
    bar_height: int
    ticks: list[tuple[str, int]]
    # The bars drawn: a chart has a hundred-odd elements, too many for the template engine to loop over.
    bars_svg: SafeString


# One competency: its name, the bar, the error bar with its caps, and the target tick when the stage sets one.
BAR_SVG = (
    '<text x="{label_x}" y="{label_y}" class="label" text-anchor="end">{label}</text>'
    '<rect x="{x0}" y="{y}" width="{width}" height="{bar_height}" class="bar" rx="3"/>'
    '<line x1="{low}" x2="{high}" y1="{error_y}" y2="{error_y}" class="error"/>'
    '<line x1="{low}" x2="{low}" y1="{cap_top}" y2="{cap_bottom}" class="error"/>'
    '<line x1="{high}" x2="{high}" y1="{cap_top}" y2="{cap_bottom}" class="error"/>'
)
TARGET_SVG = '<line x1="{target}" x2="{target}" y1="{target_top}" y2="{target_bottom}" class="target"/>'
LABEL_CHARACTERS = 34


def _shortened(label: str) -> str:
    """At most LABEL_CHARACTERS, ending in an ellipsis when cut, as `truncatechars` does (without its translation
    lookup on every call: a chart has 28 labels)."""
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "\u2026"


def _bars_svg(bars: list[Bar], *, label_x: str, bar_height: int) -> SafeString:
    """The bars as SVG elements. Only the labels are text from the database, and they are escaped; every other value
    is a coordinate this module wrote (svg_number), which format_html would escape for nothing, 400 times a chart."""
    return mark_safe(  # labels escaped here; coordinates are numbers
        "".join(
            BAR_SVG.format(
                **(vars(bar) | {"label": escape(_shortened(bar.label))}),
                label_x=label_x,
                bar_height=bar_height,
            )
            + (TARGET_SVG.format(**vars(bar)) if bar.target else "")
            for bar in bars
        )
    )


def profile_chart(
    rows: list[dict], *, width: int = 640, left: int = 230, row_height: int = 28
) -> ProfileChart:
    """Horizontal bars of estimated level (1-5) with an 80% error bar and the target level as a tick.

    `rows`: dicts with label, level, low, high and target (levels on the 1-5 scale)."""
    plot = width - left - 16

    def x(level: float) -> float:
        return round(left + (min(5.0, max(1.0, level)) - 1.0) / 4.0 * plot, 1)

    def bar(index: int, row: dict) -> Bar:
        y = 12 + index * row_height
        return Bar(
            label=row["label"],
            y=svg_number(y),
            x0=svg_number(x(1)),
            width=svg_number(round(x(row["level"]) - x(1), 1)),
            low=svg_number(x(row["low"])),
            high=svg_number(x(row["high"])),
            target=svg_number(x(row["target"])) if row.get("target") else None,
            label_y=svg_number(y + 13),
            error_y=svg_number(y + 9),
            cap_top=svg_number(y + 4),
            cap_bottom=svg_number(y + 14),
            target_top=svg_number(y - 3),
            target_bottom=svg_number(y + 21),
        )

    height = 12 + len(rows) * row_height + 28
    bars = [bar(index, row) for index, row in enumerate(rows)]
    label_x, bar_height = svg_number(left - 8), row_height - 10
    return ProfileChart(
        width=width,
        height=height,
        label_x=label_x,
        grid_bottom=svg_number(height - 22),
        axis_y=svg_number(height - 6),
        bar_height=bar_height,
        ticks=[(svg_number(x(level)), level) for level in LEVELS],
        bars_svg=_bars_svg(bars, label_x=label_x, bar_height=bar_height),
    )


@dataclass(frozen=True)
class Line:
    label: str
    css: str
    points: str  # "x,y x,y ..." for <polyline>
    last: tuple[float, float] | None


@dataclass(frozen=True)
class HistoryChart:
    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]
    lines: list[Line]
    bands: list[tuple[float, float, str]]  # y of the verdict boundaries, as reference lines


def history_chart(
    days: list[date], series: dict[str, list[float | None]], *, width: int = 640, height: int = 240
) -> HistoryChart:
    """Readiness (0-100%) per stage over `days`; `series` maps a stage's name to one value (0-1) per day."""
    top, bottom, left, right = 12, height - 28, 44, width - 12

    def y(value: float) -> float:
        return round(bottom - value * (bottom - top), 1)

    def x(index: int) -> float:
        return round(left + (index / max(len(days) - 1, 1)) * (right - left), 1)

    lines = []
    for number, (label, values) in enumerate(series.items()):
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        lines.append(
            Line(
                label,
                f"series-{number % 4}",
                " ".join(f"{px},{py}" for px, py in points),
                points[-1] if points else None,
            )
        )
    step = max(1, len(days) // 6)
    x_ticks = [(x(i), day.strftime("%d %b")) for i, day in enumerate(days) if i % step == 0]
    return HistoryChart(
        width, height, top, bottom, left, right,
        y_ticks=[(y(p / 100), p) for p in (0, 25, 50, 75, 100)],
        x_ticks=x_ticks,
        lines=lines,
        bands=[(y(share), round(share * 100), name) for share, name in ((irt.ALMOST, "almost"), (irt.READY, "ready"))],
    )  # fmt: skip
