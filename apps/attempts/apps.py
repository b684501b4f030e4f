from django.apps import AppConfig


class AttemptsConfig(AppConfig):
    name = "apps.attempts"
    label = "attempts"
    verbose_name = "Practice sessions"

    def ready(self) -> None:
        from apps.accounts.data import register_exporter

        from . import exports

        register_exporter("sessions", exports.export_sessions)
        register_exporter("answers", exports.export_answers)
        register_exporter("reviews", exports.export_reviews)
        register_exporter("bookmarks", exports.export_bookmarks)
