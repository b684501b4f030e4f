from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "apps.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self) -> None:
        from apps.accounts.data import register_exporter
        from apps.attempts.plugins import dashboard_panel_register, summary_notes_register

        from . import plugins
        from .exports import export_user

        register_exporter("mentoring", export_user)
        dashboard_panel_register(plugins.candidate_panel)
        summary_notes_register(plugins.summary_threads)
