from django import template
from django.utils import dateformat
from django.utils.html import format_html_join

from apps.readiness import irt

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.734 -> "73%"; nothing -> an en dash."""
    return "\u2013" if value is None else f"{round(100 * value)}%"


@register.filter
def level(value: float | None) -> str:
    """2.345 -> "2.3", a level on the 1-5 scale to one decimal; nothing -> an en dash. Not floatformat: that one goes
    through Decimal and localisation, 40 microseconds a number, and a profile table shows about a hundred."""
    return "\u2013" if value is None else f"{value:.1f}"


@register.simple_tag
def rule(name: str) -> str:
    """{% rule "ready" %} -> "80%": a readiness rule as the pages state it in words, from the constant that applies
    it (irt), so that the words cannot drift from what the estimates do."""
    return {
        "ready": percent(irt.READY),  # the verdict bands
        "almost": percent(irt.ALMOST),
        "almost_points": str(round(irt.ALMOST * 100)),  # "60" in "60-80%"
        "settled": percent(irt.SETTLED_PROBABILITY),  # a verdict at least this likely is settled
        "min_evidence": str(irt.MIN_EVIDENCE),  # answers on a stage's competencies before any verdict
        "max_range_points": str(round(irt.MAX_RANGE_WIDTH * 100)),  # a wider range gives no verdict
    }[name]


PROFILE_ROW = (
    '<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}\u2013{}</td><td class="num">{}</td>'
    '<td class="num">{}</td><td class="num">{}</td></tr>'
)


@register.simple_tag
def profile_table_rows(rows: list[dict]) -> str:
    """The profile chart's table, one row per competency (readiness.selectors.competency_rows). Built here rather
    than in a template loop: 28 rows of six cells took the template engine 4 ms, a tenth of the dashboard."""
    return format_html_join(
        "",
        PROFILE_ROW,
        (
            (row["label"], level(row["level"]), level(row["low"]), level(row["high"]), row["target"],
             percent(row["p_meets"]), row["answers"])
            for row in rows
        ),
    )  # fmt: skip


HISTORY_ROW = '<tr><th scope="row">{}</th>{}</tr>'
HISTORY_CELL = '<td class="num">{}</td>'


@register.simple_tag
def history_table_rows(table: list[tuple]) -> str:
    """The history's table, one row a day (readiness.selectors.history): built here rather than in a template loop,
    which took about 5 ms for 90 days of four stages (the date and percent filters, cell by cell)."""
    return format_html_join(
        "",
        HISTORY_ROW,
        (
            (
                dateformat.format(day, "j M Y"),
                format_html_join("", HISTORY_CELL, ((percent(v),) for v in values)),
            )
            for day, values in table
        ),
    )
