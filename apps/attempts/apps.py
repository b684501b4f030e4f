from django.apps import AppConfig


class AttemptsConfig(AppConfig):
    name = "apps.attempts"
    label = "attempts"
    verbose_name = "Practice sessions"
