"""The question bank: questions of six kinds, their options, and every change to them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from simple_history.models import HistoricalRecords

from apps.competencies.models import CareerStage, Competency

from .markdown import render_markdown, rendering_key

DIFFICULTY_RANGE = (1, 5)
SELF_RATING_SCALE = {
    1: "I have heard of it",
    2: "I can do it with help",
    3: "I can do it on my own",
    4: "I could teach it",
    5: "I set the direction for others",
}


class QuestionQuerySet(models.QuerySet):
    def published(self) -> "QuestionQuerySet":
        return self.filter(status=Question.Status.PUBLISHED)

    def scored(self) -> "QuestionQuerySet":
        return self.exclude(kind=Question.Kind.SELF_RATING)


class StoredMarkdown(models.Model):
    """A model whose Markdown fields are kept rendered beside them: pages read `obj.html.<field>` and render
    nothing. Markdown takes milliseconds a text and a question page shows five or more, while the texts change
    only when an author saves them.

    Each rendering is stored with the key of the text and renderer it came from (markdown.rendering_key), and is
    used only while the key still matches: a text changed without save() (QuerySet.update, bulk_create) or a new
    renderer is rendered on the page again, never shown stale. save() renders what changed; `load_content`
    renders again whatever a new renderer left stale (`stored_markdown_refresh`)."""

    MARKDOWN_FIELDS: ClassVar[tuple[str, ...]] = ()

    rendered = models.JSONField(
        default=dict, blank=True, editable=False, help_text="{field: [rendering key, HTML]}, written on save."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if self.rendered_refresh() and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "rendered"}
        super().save(*args, **kwargs)

    def rendered_refresh(self) -> bool:
        """Render the fields whose stored HTML is missing or stale; True if anything changed."""
        fresh = {name: self._rendering(name) for name in self.MARKDOWN_FIELDS}
        changed = fresh != self.rendered
        self.rendered = fresh
        self.__dict__.pop("html", None)
        return changed

    @cached_property
    def html(self) -> dict[str, SafeString]:
        """Each Markdown field as safe HTML (render_markdown sanitises it with nh3), from storage when current."""
        return {name: mark_safe(self._rendering(name)[1]) for name in self.MARKDOWN_FIELDS}

    def _rendering(self, name: str) -> list[str]:
        """[key, HTML] of the field: the stored one if its key is the text's, else rendered now."""
        text = getattr(self, name) or ""
        key = rendering_key(text)
        stored = self.rendered.get(name)
        return stored if stored and stored[0] == key else [key, render_markdown(text)]


class Question(StoredMarkdown):
    MARKDOWN_FIELDS = ("stem", "explanation", "model_answer")

    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        TRUE_FALSE = "true_false", "True or false"
        JUDGEMENT = "judgement", "Situational judgement"
        SELF_RATING = "self_rating", "Self-rating"
        OPEN = "open", "Open answer"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE, Kind.JUDGEMENT})

    slug = models.SlugField(
        max_length=100, unique=True, help_text="Stable identifier, used by import and export."
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(max_length=16, choices=Kind)
    stem = models.TextField(help_text="The question, in Markdown.")
    difficulty = models.PositiveSmallIntegerField(help_text="1-2 easy, 3 medium, 4-5 hard.")
    stage = models.ForeignKey(
        CareerStage,
        on_delete=models.PROTECT,
        related_name="questions",
        null=True,
        blank=True,
        help_text="The career stage this question matters most for.",
    )
    explanation = models.TextField(
        blank=True, help_text="Markdown. Why the right answer is right and the tempting wrong one wrong."
    )
    model_answer = models.TextField(blank=True, help_text="Open answers only: what a strong answer says.")
    key_points = models.JSONField(
        default=list, blank=True, help_text="Open answers only: the points a candidate ticks off."
    )
    references = models.JSONField(default=list, blank=True, help_text="Standards or documentation pages.")
    status = models.CharField(max_length=16, choices=Status, default=Status.DRAFT)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up whenever what a candidate sees changes."
    )
    # A digest of what candidates see, to tell a real change (new version) from a re-save.
    content_digest = models.CharField(max_length=64, blank=True, editable=False)
    # The digest of the source data this question was last loaded from, so that re-running a load skips it
    # and an admin's later edit is only overwritten when the source itself changes.
    source_digest = models.CharField(max_length=64, blank=True, editable=False)
    # Item response theory parameters, once recalibrated from real answers (`manage.py recalibrate_items`);
    # until then the difficulty the author gave stands in (docs/readiness.md).
    irt_a = models.FloatField("discrimination", null=True, blank=True, editable=False)
    irt_b = models.FloatField("calibrated difficulty", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["content_digest", "source_digest", "updated_at", "irt_a", "irt_b", "rendered"]
    )
    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["competency__area__order", "competency__order", "difficulty", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=DIFFICULTY_RANGE[0], difficulty__lte=DIFFICULTY_RANGE[1]),
                name="questions_question_difficulty_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["single", "multiple", "true_false", "judgement", "self_rating", "open"]
                ),
                name="questions_question_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="questions_question_status_valid"
            ),
            # A published question always teaches something after it is answered.
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(explanation=""),
                name="questions_question_published_has_explanation",
            ),
        ]
        indexes = [
            # Sessions draw published questions of one competency at a time.
            models.Index(fields=["competency", "status"], name="questions_by_competency"),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class Choice(StoredMarkdown):
    """One option of a choice question. `is_correct` marks right options; judgement options carry a `score`."""

    MARKDOWN_FIELDS = ("text", "rationale")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="Markdown.")
    is_correct = models.BooleanField("correct", default=False)
    score = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Situational judgement only: the expert's score for this action, 0 to 1.",
    )
    rationale = models.TextField(blank=True, help_text="Why this option is right or wrong.")

    history = HistoricalRecords(excluded_fields=["rendered"])

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="questions_choice_position_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="questions_choice_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.slug} option {self.position}"


class ProblemReport(models.Model):
    """A candidate's note that something is wrong with a question; authors work through them in the admin."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    question_version = models.PositiveIntegerField()
    text = models.TextField()
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolved", "-created_at"]

    def __str__(self) -> str:
        return f"Report on {self.question.slug}"
