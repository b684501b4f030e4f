from django.apps import AppConfig


class MinimalQuizConfig(AppConfig):
    name = "bench.minimal_quiz"
    label = "minimal_quiz"
    default_auto_field = "django.db.models.BigAutoField"
