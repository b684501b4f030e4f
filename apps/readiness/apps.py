from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "apps.readiness"
    label = "readiness"
    verbose_name = "Readiness"

    def ready(self) -> None:
        from apps.accounts.data import register_exporter

        from .exports import export_user

        register_exporter("readiness", export_user)
