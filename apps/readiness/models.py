"""What a candidate is aiming for and how close they are: stored estimates that pages only read.

Everything here is written by `readiness.services` inside the transaction of the answer that changed it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.competencies.models import CareerStage, Competency


class TargetStage(models.Model):
    """The career stage a candidate prepares for; mock interviews and stage-wide practice draw from it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="target")
    stage = models.ForeignKey(CareerStage, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user"]

    def __str__(self) -> str:
        return f"{self.user} aims for {self.stage}"


class AbilityBelief(models.Model):
    """The Gaussian belief over all of a candidate's abilities (irt.Belief), as the last answer left it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    area_ids = models.JSONField(default=list, help_text="The areas the belief's area coordinates stand for.")
    competency_ids = models.JSONField(default=list, help_text="The measured competencies, in belief order.")
    belief = models.JSONField(default=dict)
    answers = models.PositiveIntegerField(default=0)
    # The day of the last snapshot this row knows of: the day's first answer writes one, later ones skip the check.
    snapshot_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user"]

    def __str__(self) -> str:
        return f"Belief about {self.user}"


class CompetencyAbility(models.Model):
    """Ability on one competency: the estimate and its uncertainty, on the scale where levels 1-5 sit at -2..2."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="abilities")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    theta = models.FloatField()
    variance = models.FloatField()
    answers = models.PositiveIntegerField(default=0, help_text="Distinct questions answered on it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["user", "competency"], name="readiness_ability_unique"),
            models.CheckConstraint(condition=Q(variance__gt=0), name="readiness_ability_variance_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.competency} at {self.theta:+.2f}"

    @property
    def standard_error(self) -> float:
        return self.variance**0.5


class StageReadiness(models.Model):
    class Verdict(models.TextChoices):
        READY = "ready", "Ready"
        ALMOST = "almost", "Almost"
        NOT_YET = "not_yet", "Not yet"
        INSUFFICIENT = "insufficient", "Not enough evidence"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readiness")
    stage = models.ForeignKey(CareerStage, on_delete=models.CASCADE, related_name="+")
    expected = models.FloatField(help_text="Weighted share of the stage's requirements met, 0-1.")
    low = models.FloatField()
    high = models.FloatField()
    evidence = models.PositiveIntegerField(help_text="Answers on the stage's competencies.")
    verdict = models.CharField(max_length=16, choices=Verdict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "stage__order"]
        constraints = [
            models.UniqueConstraint(fields=["user", "stage"], name="readiness_stage_unique"),
            models.CheckConstraint(
                condition=Q(
                    low__gte=0, low__lte=models.F("expected"), high__gte=models.F("expected"), high__lte=1
                ),
                name="readiness_stage_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.stage} {self.expected:.0%}"


class SelfAssessment(models.Model):
    """The candidate's latest self-rating of a competency, 1-5."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["user", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["user", "competency"], name="readiness_self_assessment_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="readiness_self_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} rates {self.competency} {self.level}"


class ConfidenceTally(models.Model):
    """Running totals per confidence level, so calibration is read, not recomputed from every answer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    confidence = models.CharField(max_length=16)
    answers = models.PositiveIntegerField(default=0)
    score_sum = models.FloatField(default=0)
    right = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["user", "confidence"]
        constraints = [models.UniqueConstraint(fields=["user", "confidence"], name="readiness_tally_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.confidence}: {self.right}/{self.answers}"


class Snapshot(models.Model):
    """Readiness per stage and ability per competency as they stood on one day; the history chart reads these."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    stages = models.JSONField(help_text="{stage slug: [expected, low, high, verdict]}")
    competencies = models.JSONField(help_text="{competency slug: [theta, standard error]}")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="readiness_snapshot_daily")]
        indexes = [
            # The history chart reads one user's last N days.
            models.Index(fields=["user", "-day"], name="readiness_snapshot_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.day}"
