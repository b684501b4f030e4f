"""Markdown for stems, options and explanations, rendered to HTML that is safe to show."""

import functools
import hashlib
from importlib import metadata
from pathlib import Path

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "hr", "a", "span", "div",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "span": {"class"}, "div": {"class"}}
# Fenced code is highlighted by Pygments on the server, with classes only (static/css/code.css colours them): no
# inline styles under the strict CSP, no script in the browser.
EXTENSIONS = ["fenced_code", "codehilite", "tables", "sane_lists"]
EXTENSION_CONFIGS = {"codehilite": {"css_class": "highlight", "guess_lang": False, "use_pygments": True}}
# A code block scrolls sideways on a phone, so keyboard users must be able to focus it to scroll it (WCAG 2.1.1).
SCROLLABLE_CODE = '<pre tabindex="0">'


# A page shows a stem, its options and an explanation, from a bank of about 1,000 questions: 4,096 texts hold them.
@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Authors write Markdown; whatever raw HTML it contains is cleaned to a small safe set of tags. A pure function
    of the text, so each text is rendered once per process."""
    html = markdown_lib.markdown(
        text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return clean.replace("<pre>", SCROLLABLE_CODE)


# What produced an HTML rendering: this module's code and the libraries it calls. Stored renderings (models'
# `rendered`, see StoredMarkdown) are keyed on it with their text, so a change to either makes them stale by itself.
RENDERER = hashlib.blake2b(
    Path(__file__).read_bytes()
    + " ".join(metadata.version(name) for name in ("markdown", "pygments", "nh3")).encode(),
    digest_size=8,
).hexdigest()


def rendering_key(text: str) -> str:
    """Names the HTML of `text` as this renderer makes it: equal keys, equal HTML."""
    return hashlib.blake2b(f"{RENDERER}\n{text}".encode(), digest_size=8).hexdigest()
