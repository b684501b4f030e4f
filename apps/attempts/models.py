"""Practice sessions, the questions drawn for them, every answer given, and spaced-repetition cards."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.competencies.models import Area, CareerStage, Competency
from apps.questions.models import Choice, Question
from apps.readiness.models import Confidence


class QuizSessionQuerySet(models.QuerySet):
    def for_user(self, user) -> "QuizSessionQuerySet":
        return self.filter(user=user)

    def active(self) -> "QuizSessionQuerySet":
        return self.filter(finished_at__isnull=True)


class QuizSession(models.Model):
    """One sitting: a fixed, ordered set of questions drawn at the start, answered one by one."""

    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice"
        MOCK = "mock", "Mock interview"
        REVIEW = "review", "Review"
        ADAPTIVE = "adaptive", "Adaptive assessment"

    class Scope(models.TextChoices):
        COMPETENCY = "competency", "One competency"
        AREA = "area", "An area"
        STAGE = "stage", "The whole target stage"
        BOOKMARKS = "bookmarks", "Bookmarked questions"
        DUE = "due", "Questions due for review"
        PLAN = "plan", "A mentor's practice plan"

    class Ending(models.TextChoices):
        COMPLETED = "completed", "All questions answered"
        STOPPED = "stopped", "Stopped early"
        TIMED_OUT = "timed_out", "Time ran out"
        SETTLED = "settled", "Verdict settled"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_sessions")
    mode = models.CharField(max_length=16, choices=Mode)
    scope = models.CharField(max_length=16, choices=Scope)
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    stage = models.ForeignKey(CareerStage, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    question_count = models.PositiveSmallIntegerField(
        help_text="Adaptive assessments: the most they may ask."
    )
    time_limit = models.DurationField(null=True, blank=True, help_text="Mock interviews only.")
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    ending = models.CharField(max_length=16, choices=Ending, blank=True)
    answered_count = models.PositiveSmallIntegerField(default=0)
    score_total = models.DecimalField(max_digits=7, decimal_places=3, default=0)

    objects = QuizSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=["practice", "mock", "review", "adaptive"]),
                name="attempts_session_mode_valid",
            ),
            models.CheckConstraint(
                condition=Q(mode="mock") | Q(deadline__isnull=True),
                name="attempts_session_deadline_only_mock",
            ),
            models.CheckConstraint(
                condition=Q(answered_count__lte=models.F("question_count")),
                name="attempts_session_answered_within_count",
            ),
        ]
        indexes = [
            # The dashboard reads a user's latest sessions and their unfinished one.
            models.Index(fields=["user", "-started_at"], name="attempts_session_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} #{self.pk} of {self.user}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def shows_feedback_per_question(self) -> bool:
        """Mock interviews and adaptive assessments are tests: feedback waits for the summary."""
        return self.mode not in (self.Mode.MOCK, self.Mode.ADAPTIVE)

    @property
    def reveals_answers(self) -> bool:
        """Whether its pages may show keys, explanations, model answers and right/wrong marks: during a mock
        interview or an adaptive assessment they show progress only, so that nothing helps with what is left."""
        return self.shows_feedback_per_question or self.is_finished

    @property
    def is_adaptive(self) -> bool:
        return self.mode == self.Mode.ADAPTIVE


class SessionQuestion(models.Model):
    """A question's place in a session; `shown_at` is when the server first showed it (for time taken)."""

    session = models.ForeignKey(QuizSession, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="session_slots")
    shown_at = models.DateTimeField(null=True, blank=True)
    shown_version = models.PositiveIntegerField(null=True, blank=True)
    # Drawn once, so that reloading, going back, the feedback, the summary and the mentor all show the candidate's
    # order, and so that no order (and no position) is shared between candidates.
    choice_order = models.JSONField(
        default=list, blank=True, help_text="Ids of the options in the order this candidate sees them."
    )

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="attempts_slot_position_unique"),
            # Questions are drawn without repeats.
            models.UniqueConstraint(fields=["session", "question"], name="attempts_slot_question_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.session} question {self.position}"

    def displayed_choices(self) -> list[Choice]:
        """The question's options in the order this candidate sees them (from the prefetched options).

        Options the order does not name (none in a session drawn before options were shuffled, or one an author
        added later) follow in the author's order; options an author removed are gone."""
        choices = list(self.question.choices.all())
        rank = {choice_id: index for index, choice_id in enumerate(self.choice_order)}
        return sorted(choices, key=lambda choice: rank.get(choice.pk, len(rank) + choice.position))


class Answer(models.Model):
    """One answer: one row per session and question, whatever the client sends twice."""

    Confidence = Confidence  # one list of confidence levels, readiness's, which tallies them

    session = models.ForeignKey(QuizSession, on_delete=models.CASCADE, related_name="answers")
    slot = models.OneToOneField(SessionQuestion, on_delete=models.CASCADE, related_name="answer")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    question_version = models.PositiveIntegerField()
    selected = models.JSONField(default=list, blank=True, help_text="Ids of the options chosen.")
    text = models.TextField(blank=True, help_text="Open answers.")
    self_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    covered_points = models.JSONField(
        null=True,
        blank=True,
        help_text="Open answers: indexes of the key points the candidate says they covered.",
    )
    score = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="0-1; empty until an open answer is graded.",
    )
    confidence = models.CharField(max_length=16, choices=Confidence, blank=True)
    time_taken = models.DurationField()
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "slot__position"]
        constraints = [
            # The guard against double submits (double click, two tabs, retries): a second insert fails.
            models.UniqueConstraint(fields=["session", "question"], name="attempts_answer_once_per_session"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="attempts_answer_score_range",
            ),
            models.CheckConstraint(
                condition=Q(self_rating__isnull=True) | Q(self_rating__gte=1, self_rating__lte=5),
                name="attempts_answer_self_rating_range",
            ),
        ]
        indexes = [
            # Dashboard counts per competency and history pages read a user's answers by time.
            models.Index(fields=["user", "answered_at"], name="attempts_answer_by_user"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question} in {self.session}"

    @property
    def is_correct(self) -> bool:
        return self.score is not None and self.score >= 1


class ReviewCard(models.Model):
    """Spaced repetition (FSRS) state of one question for one user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    due = models.DateTimeField()
    fsrs_state = models.JSONField(help_text="The fsrs Card, as Card.to_dict() gives it.")
    reviews = models.PositiveIntegerField(
        default=0, help_text="Scored answers to the question, repeats included."
    )
    right = models.PositiveIntegerField(default=0, help_text="Of those, the ones with full marks.")
    last_reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="attempts_card_once_per_user"),
        ]
        indexes = [
            # "How many are due" and review sessions scan one user's cards by due date.
            models.Index(fields=["user", "due"], name="attempts_card_due"),
        ]

    def __str__(self) -> str:
        return f"{self.question} for {self.user}, due {self.due:%Y-%m-%d}"


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="attempts_bookmark_unique")]

    def __str__(self) -> str:
        return f"{self.user} bookmarked {self.question}"


class ItemStatistics(models.Model):
    """Sums over a question's first scored answers, from which authors read facility and discrimination.

    Rebuilt nightly from the answers (items.item_statistics_rebuild, in `recalibrate_items`), not on the answer
    path. Discrimination is the point-biserial correlation between the score and the respondent's current ability
    estimate for the question's competency."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="statistics")
    attempts = models.PositiveIntegerField(default=0)
    score_sum = models.FloatField(default=0)
    score_squares = models.FloatField(default=0)
    ability_sum = models.FloatField(default=0)
    ability_squares = models.FloatField(default=0)
    score_ability_sum = models.FloatField(default=0)
    seconds_sum = models.FloatField(default=0)
    # Derived from the sums on every update, stored so that the admin can sort by them.
    facility = models.FloatField(null=True, blank=True, help_text="Mean score: the share answered right.")
    discrimination = models.FloatField(
        null=True, blank=True, help_text="Point-biserial correlation with ability."
    )
    mean_seconds = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question"]
        verbose_name_plural = "item statistics"

    def __str__(self) -> str:
        return f"Statistics of {self.question}"

    def add(self, *, score: float, ability: float, seconds: float) -> None:
        self.attempts += 1
        self.score_sum += score
        self.score_squares += score * score
        self.ability_sum += ability
        self.ability_squares += ability * ability
        self.score_ability_sum += score * ability
        self.seconds_sum += seconds
        n = self.attempts
        self.facility = self.score_sum / n
        self.mean_seconds = self.seconds_sum / n
        score_var = self.score_squares / n - self.facility**2
        ability_mean = self.ability_sum / n
        ability_var = self.ability_squares / n - ability_mean**2
        covariance = self.score_ability_sum / n - self.facility * ability_mean
        spread = (max(score_var, 0) * max(ability_var, 0)) ** 0.5
        self.discrimination = covariance / spread if spread > 1e-9 else None
