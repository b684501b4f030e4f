"""Everything Rungs holds about a person, for "download my data".

Accounts sits on the lowest floor and imports no other app; each app registers what it holds about a user from its
AppConfig.ready(), so a new app's data cannot be forgotten by an export that lists them by hand."""

from collections.abc import Callable

Exporter = Callable[[object], object]
_exporters: dict[str, Exporter] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    _exporters[name] = exporter


def user_data(user) -> dict:
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        **{name: exporter(user) for name, exporter in sorted(_exporters.items())},
    }
