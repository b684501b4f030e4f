from apps.questions.markdown import render_markdown


def test_markdown_is_rendered():
    assert render_markdown("Use `select_for_update()` **here**") == (
        "<p>Use <code>select_for_update()</code> <strong>here</strong></p>"
    )


def test_fenced_code_is_highlighted_with_classes_and_can_be_scrolled_by_keyboard():
    html = render_markdown("```python\nasync def answer() -> None:\n    return None\n```")

    assert '<div class="highlight"><pre tabindex="0">' in html  # focusable, so arrow keys scroll it sideways
    assert '<span class="k">async</span>' in html  # Pygments' token classes, coloured by static/css/code.css
    assert "style=" not in html  # nothing inline under the strict CSP


def test_code_without_a_language_is_not_guessed_at():
    html = render_markdown("```\nSELECT 1;\n```")

    assert '<pre tabindex="0"><span></span><code>SELECT 1;' in html


def test_code_cannot_smuggle_markup():
    html = render_markdown("```html\n<script>alert(1)</script>\n```")

    assert "<script>" not in html
    assert "&lt;" in html


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))')

    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
