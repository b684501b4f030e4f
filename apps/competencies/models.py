"""The role profile as data: what a candidate is climbing towards, in stages, and what each stage asks of them."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

LEVEL_RANGE = (1, 5)
WEIGHT_RANGE = (1, 5)


class RoleProfileQuerySet(models.QuerySet):
    def current(self) -> "RoleProfile | None":
        """The role profile the site practises for: one today; the first loaded if a second is ever added."""
        return self.order_by("pk").first()


class RoleProfile(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # A new random value whenever the profile's areas, competencies, stages or requirements change (signals.py), so
    # that a process may keep what it derived from them (the readiness layout) until the value differs. Random
    # rather than a counter: a counter could repeat after a rollback or a restore and pass stale data as fresh.
    shape_version = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = RoleProfileQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareerStage(models.Model):
    """One rung of the career ladder; `order` runs from the first job upwards."""

    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="stages")
    slug = models.SlugField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["profile", "order"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "slug"], name="competencies_stage_slug_unique"),
            models.UniqueConstraint(fields=["profile", "order"], name="competencies_stage_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A group of competencies, one per subsection of the role's requirements (plus the soft skills)."""

    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="areas")
    slug = models.SlugField()
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["profile", "order"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "slug"], name="competencies_area_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyQuerySet(models.QuerySet):
    def measured(self) -> "CompetencyQuerySet":
        return self.filter(assessment=Competency.Assessment.MEASURED)


class Competency(models.Model):
    class Assessment(models.TextChoices):
        MEASURED = "measured", "Measured by questions"
        SELF_RATED = "self_rating", "Self-rated only"

    # Denormalised from `area` so that the database can keep slugs unique within a profile.
    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="competencies")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="competencies")
    slug = models.SlugField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    assessment = models.CharField(max_length=16, choices=Assessment, default=Assessment.MEASURED)
    order = models.PositiveSmallIntegerField(help_text="Position within its area.")

    objects = CompetencyQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "order"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["profile", "slug"], name="competencies_competency_slug_unique"),
            models.CheckConstraint(
                condition=Q(assessment__in=["measured", "self_rating"]),
                name="competencies_competency_assessment_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.area_id and self.profile_id and self.area.profile_id != self.profile_id:
            raise ValidationError({"area": "The area belongs to another role profile."})


class Indicator(models.Model):
    """An observable sign of a competency, kept for the soft skills, whose points are not separate competencies."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["competency", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "order"], name="competencies_indicator_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class StageRequirement(models.Model):
    """What a career stage asks of one competency: the level to reach and how much it counts."""

    stage = models.ForeignKey(CareerStage, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="requirements")
    target_level = models.PositiveSmallIntegerField(help_text="1 aware of it ... 5 sets direction for it.")
    weight = models.PositiveSmallIntegerField(help_text="1 nice to have ... 5 central to the stage.")

    class Meta:
        ordering = ["stage", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "competency"], name="competencies_requirement_unique"),
            models.CheckConstraint(
                condition=Q(target_level__gte=LEVEL_RANGE[0], target_level__lte=LEVEL_RANGE[1]),
                name="competencies_requirement_level_range",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=WEIGHT_RANGE[0], weight__lte=WEIGHT_RANGE[1]),
                name="competencies_requirement_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.competency} at level {self.target_level}"

    def clean(self) -> None:
        if self.stage_id and self.competency_id and self.stage.profile_id != self.competency.profile_id:
            raise ValidationError("The stage and the competency belong to different role profiles.")
