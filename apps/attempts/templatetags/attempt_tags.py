from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A duration as people say it: "4 min 05 s", "1 h 02 min"."""
    if value is None:
        return "\u2013"  # an en dash, as the tables show for "nothing"
    seconds = max(0, int(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {seconds:02d} s"


@register.filter
def minutes_seconds(seconds: int | None) -> str:
    """A countdown as a clock shows it: 29:07."""
    minutes, rest = divmod(max(0, int(seconds or 0)), 60)
    return f"{minutes}:{rest:02d}"
