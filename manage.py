#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Any of these in the environment means someone configured this run; without all three it is a developer at a
# checkout, and the app's other entry point (gunicorn, config.wsgi) never comes here.
CONFIGURED_BY = ("DEBUG", "SECRET_KEY", "DATABASE_URL")


def development_defaults() -> None:
    """An unconfigured manage.py runs as `make run` does (DEBUG on: the development key, SQLite under var/), and
    says so, instead of stopping at "SECRET_KEY must be set". A configured one (production, CI, tests) is left to
    its environment, where settings still refuse to start without a key."""
    if not any(name in os.environ for name in CONFIGURED_BY):
        os.environ["DEBUG"] = "true"
        print("manage.py: DEBUG, SECRET_KEY and DATABASE_URL are unset: development settings (DEBUG=true).",
              file=sys.stderr)  # fmt: skip


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    development_defaults()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
