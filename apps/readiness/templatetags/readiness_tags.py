from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.734 -> "73%"; nothing -> an en dash."""
    return "\u2013" if value is None else f"{round(100 * value)}%"


@register.filter
def subtract(value: float, other: float) -> float:
    return round(value - other, 1)
