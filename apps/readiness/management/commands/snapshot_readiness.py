from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.readiness.models import StageReadiness
from apps.readiness.services import snapshot_write


class Command(BaseCommand):
    help = "Write today's readiness snapshot for every candidate who has one to take (run it daily, e.g. from cron)."

    def handle(self, **options) -> None:
        today = timezone.localdate()
        users = StageReadiness.objects.values_list("user_id", flat=True).distinct()
        written = sum(snapshot_write(user_id=user_id, day=today) for user_id in users)
        self.stdout.write(f"Wrote {written} snapshot(s) for {today}; the others had one already.")
