"""Where higher apps plug into the practice pages, so that attempts never imports them nor links to their URLs.

Mentoring registers its pieces from its AppConfig.ready(), as every app registers its data exporter: a panel on the
candidate's dashboard, and per-answer notes on a session summary (the comment threads on open answers).
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

# A dashboard panel: the request in, rendered HTML out ("" for nothing to show).
DashboardPanel = Callable[[HttpRequest], SafeString]
# Summary notes: one call per summary, so one query per plug-in whatever the session's length; in, the session and
# who reads it; out, rendered HTML per answer id.
SummaryNotes = Callable[..., dict[int, SafeString]]

_dashboard_panels: list[DashboardPanel] = []
_summary_notes: list[SummaryNotes] = []


def dashboard_panel_register(panel: DashboardPanel) -> None:
    _dashboard_panels.append(panel)


def summary_notes_register(notes: SummaryNotes) -> None:
    _summary_notes.append(notes)


def dashboard_panels(request: HttpRequest) -> list[SafeString]:
    return [html for panel in _dashboard_panels if (html := panel(request))]


def summary_notes(session, *, reader) -> dict[int, list[SafeString]]:
    """{answer id: [HTML, one per plug-in that has something to say about it]}."""
    notes: dict[int, list[SafeString]] = {}
    for plugin in _summary_notes:
        for answer_id, html in plugin(session=session, reader=reader).items():
            notes.setdefault(answer_id, []).append(html)
    return notes
