from apps.questions.markdown import render_markdown


def test_markdown_is_rendered():
    assert render_markdown("Use `select_for_update()` **here**") == (
        "<p>Use <code>select_for_update()</code> <strong>here</strong></p>"
    )


def test_fenced_code_keeps_its_language_class():
    html = render_markdown("```python\nprint(1)\n```")

    assert '<code class="language-python">print(1)' in html


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))')

    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
