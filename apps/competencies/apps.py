from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "apps.competencies"
    label = "competencies"
    verbose_name = "Role profile"

    def ready(self) -> None:
        from . import signals

        signals.connect()
