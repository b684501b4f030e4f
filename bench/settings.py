"""Rungs' own settings and middleware, plus the minimal quiz that `make bench` measures Rungs against."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.minimal_quiz"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
# As in the tests: static URLs without collectstatic's manifest (both quizzes render the same base template).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
