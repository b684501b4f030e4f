from django import template
from django.utils.safestring import SafeString, mark_safe

from apps.questions.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    # Safe to mark: render_markdown sanitises its output with nh3.
    return mark_safe(render_markdown(text or ""))
