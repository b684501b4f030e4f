from django import template

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
