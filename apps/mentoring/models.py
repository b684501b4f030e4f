"""Mentors and mentees: who follows whom, what is shared, comments on answers, practice plans, digests."""

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.attempts import clock
from apps.attempts.models import Answer
from apps.competencies.models import Competency

# A live mentorship is invited or active: at most one per pair (the constraint below); declined and ended ones are
# history.
LIVE_STATUSES = ["invited", "active"]


class MentorshipQuerySet(models.QuerySet):
    def active(self) -> "MentorshipQuerySet":
        return self.filter(status=Mentorship.Status.ACTIVE)

    def live(self) -> "MentorshipQuerySet":
        return self.filter(status__in=LIVE_STATUSES)


class Mentorship(models.Model):
    """A candidate and one of their mentors. Only an active mentorship gives the mentor any access."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        ENDED = "ended", "Ended"

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_candidate"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.INVITED)
    share_open_answers = models.BooleanField(
        default=False, help_text="Open answers are private unless the candidate shares them."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "mentor"],
                condition=Q(status__in=LIVE_STATUSES),
                name="mentoring_one_live_mentorship_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(candidate=models.F("mentor")), name="mentoring_not_own_mentor"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["invited", "active", "declined", "ended"]),
                name="mentoring_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"], name="mentoring_by_mentor")]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.candidate} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def sees_open_answers(self) -> bool:
        """Whether the mentor may see the candidate's open answers, and so read or write a thread on one."""
        return self.is_active and self.share_open_answers


class MentorshipEvent(models.Model):
    """Every change to a mentorship: who did what, when."""

    class Kind(models.TextChoices):
        INVITED = "invited", "invited"
        ACCEPTED = "accepted", "accepted"
        DECLINED = "declined", "declined"
        ENDED = "ended", "ended"
        SHARING_CHANGED = "sharing", "changed what is shared"
        PLAN_ASSIGNED = "plan", "assigned a practice plan"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class InvitationLink(models.Model):
    """A one-time link a candidate can send to someone to become their mentor; it expires."""

    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation from {self.candidate}"


class Cohort(models.Model):
    """A group of mentees that a mentor defines (a bootcamp class, a team)."""

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=80)
    mentorships = models.ManyToManyField(Mentorship, blank=True, related_name="cohorts")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "name"], name="mentoring_cohort_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A mentor's comment on a shared open answer, or the candidate's reply. The comments of one mentorship on one
    answer are a thread: only that mentor and the candidate ever see it."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="comments")
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True, help_text="When the other side first saw it.")

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # The candidate's dashboard counts unread comments on their answers.
            models.Index(fields=["answer", "read_at"], name="mentoring_comment_unread"),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.answer}"


def today() -> date:
    """The day deadlines are measured against: the attempts clock's, which tests can move."""
    return timezone.localtime(clock.now()).date()


def validate_not_in_the_past(day: date) -> None:
    # A form and service check, not a field validator: plans that fell due stay valid in the admin.
    if day < today():
        raise ValidationError("The due date cannot be in the past.", code="past")


class PracticePlan(models.Model):
    """Practice a mentor assigns: so many questions in these competencies by a date."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="plans")
    competencies = models.ManyToManyField(Competency, related_name="+")
    question_count = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question_count__gte=1, question_count__lte=200), name="mentoring_plan_count_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_count} questions by {self.due_on} for {self.mentorship.candidate}"


class DigestLog(models.Model):
    """One weekly digest per mentor and ISO week, so that running the command twice sends nothing new."""

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8, help_text="ISO year and week, e.g. 2026-W48.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "week"], name="mentoring_digest_once_a_week")
        ]

    def __str__(self) -> str:
        return f"Digest for {self.mentor}, {self.week}"
