from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "apps.competencies"
    label = "competencies"
    verbose_name = "Role profile"
