from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "apps.questions"
    label = "questions"
    verbose_name = "Question bank"

    def ready(self) -> None:
        from apps.accounts.data import register_exporter

        from .exports import export_user

        register_exporter("problem_reports", export_user)
