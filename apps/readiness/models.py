"""What a candidate is aiming for, and (with the Readiness issue) how close they are."""

from django.conf import settings
from django.db import models

from apps.competencies.models import CareerStage


class TargetStage(models.Model):
    """The career stage a candidate prepares for; mock interviews and stage-wide practice draw from it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="target")
    stage = models.ForeignKey(CareerStage, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user"]

    def __str__(self) -> str:
        return f"{self.user} aims for {self.stage}"
