"""The one source of "now" for sessions, deadlines and reviews, so that tests can move time forward."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
