from django.apps import AppConfig


class AttemptsConfig(AppConfig):
    name = "apps.attempts"
    label = "attempts"
    verbose_name = "Practice sessions"

    def ready(self) -> None:
        from apps.accounts.data import register_exporter
        from apps.readiness.plugins import PracticeActions, practice_actions_register

        from . import exports

        register_exporter("sessions", exports.export_sessions)
        register_exporter("answers", exports.export_answers)
        register_exporter("reviews", exports.export_reviews)
        register_exporter("bookmarks", exports.export_bookmarks)
        practice_actions_register(
            PracticeActions(
                competency="attempts/_practise_competency.html",
                stage="attempts/_start_adaptive.html",
                choose_target="attempts/_choose_target.html",
            )
        )
