"""What a candidate is aiming for and how close they are: stored estimates that pages only read.

Everything here is written by `readiness.services` inside the transaction of the answer that changed it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.competencies.models import CareerStage, Competency, RoleProfile

from . import irt


class TargetStage(models.Model):
    """The career stage a candidate prepares for; mock interviews and stage-wide practice draw from it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="target")
    stage = models.ForeignKey(CareerStage, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user"]

    def __str__(self) -> str:
        return f"{self.user} aims for {self.stage}"


class PopulationPrior(models.Model):
    """How abilities vary across the population (irt.Prior), learned from the candidates' answers by
    `manage.py recalibrate_items`. Never changed once written: a new fit is a new row, and every belief names the
    row it was computed under."""

    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="+")
    overall = models.FloatField(help_text="Variance of the overall ability.")
    area = models.FloatField(help_text="Variance of an area's deviation from it.")
    competency = models.FloatField(help_text="Variance of a competency's deviation from its area.")
    mean = models.FloatField(help_text="Mean of the overall ability.")
    candidates = models.PositiveIntegerField(help_text="Candidates it was learned from.")
    iterations = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["profile", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gt=0, area__gt=0, competency__gt=0),
                name="readiness_prior_variances_positive",
            )
        ]

    def __str__(self) -> str:
        prior = self.as_prior()
        return (
            f"Prior of {self.candidates} candidates: correlation {prior.within_area:.2f} within an area, "
            f"{prior.across_areas:.2f} across"
        )

    def as_prior(self) -> irt.Prior:
        return irt.Prior(self.overall, self.area, self.competency, self.mean)


class AbilityBelief(models.Model):
    """What a candidate's answers say about their abilities (irt.Belief), as the last answer left it: per
    competency the precision and information of the Gaussian observations that stand in for its answers, under
    the population prior `prior` (none: irt.DEFAULT_PRIOR)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    prior = models.ForeignKey(
        PopulationPrior, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    belief = models.JSONField(default=dict, help_text='{"competencies": {id: [precision, information]}}')
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
    probability = models.FloatField(
        default=0.0, db_default=0.0, help_text="Posterior probability of the verdict."
    )
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

    @property
    def settled(self) -> bool:
        """The verdict is at least irt.SETTLED_PROBABILITY likely."""
        return self.verdict != self.Verdict.INSUFFICIENT and self.probability >= irt.SETTLED_PROBABILITY


class SelfAssessment(models.Model):
    """What a candidate says of themselves on a competency: their latest self-rating (1-5), and the running total of
    their self-graded open answers (the share of key points they say they covered). Neither enters the ability
    estimate: pages show them beside it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    open_answers = models.PositiveIntegerField(default=0, db_default=0)
    open_score_sum = models.FloatField(default=0.0, db_default=0.0)

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

    @property
    def open_share(self) -> float | None:
        """The mean share of key points their open answers covered, by their own grading."""
        return self.open_score_sum / self.open_answers if self.open_answers else None


class Confidence(models.TextChoices):
    """How sure a candidate says they are of an answer: attempts stores it with each answer, readiness tallies it."""

    GUESSING = "guessing", "Guessing"
    UNSURE = "unsure", "Unsure"
    FAIRLY_SURE = "fairly_sure", "Fairly sure"
    CERTAIN = "certain", "Certain"


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
