"""Markdown for stems, options and explanations, rendered to HTML that is safe to show."""

import functools

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "hr", "a", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "span": {"class"}}


# A page shows a stem, its options and an explanation, from a bank of about 1,000 questions: 4,096 texts hold them.
@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Authors write Markdown; whatever raw HTML it contains is cleaned to a small safe set of tags. A pure function
    of the text, so each text is rendered once per process."""
    html = markdown_lib.markdown(
        text, extensions=["fenced_code", "tables", "sane_lists"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
