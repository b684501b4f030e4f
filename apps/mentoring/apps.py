from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "apps.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"
