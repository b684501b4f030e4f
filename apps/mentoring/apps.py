from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "apps.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self) -> None:
        from apps.accounts.data import register_exporter

        from .exports import export_user

        register_exporter("mentoring", export_user)
