"""Writes for mentoring: invitations, acceptance, ending, sharing, comments, plans. Every change is recorded."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.attempts.models import Answer
from apps.competencies.models import Competency

from .models import (
    Comment,
    InvitationLink,
    Mentorship,
    MentorshipEvent,
    PracticePlan,
    validate_not_in_the_past,
)

INVITATION_LINK_DAYS = 7


class MentoringError(Exception):
    """A request that cannot be carried out; the message is for the person who made it."""

    status = 400


def _record(mentorship: Mentorship, actor, kind: str, detail: str = "") -> None:
    MentorshipEvent.objects.create(mentorship=mentorship, actor=actor, kind=kind, detail=detail)


@transaction.atomic
def mentorship_invite(*, candidate, mentor) -> Mentorship:
    if mentor == candidate:
        raise MentoringError("You cannot be your own mentor.")
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(candidate=candidate, mentor=mentor)
    except IntegrityError:
        raise MentoringError(
            f"{mentor.username} is already your mentor or has an invitation pending."
        ) from None
    _record(mentorship, candidate, MentorshipEvent.Kind.INVITED)
    return mentorship


def _decide(mentorship: Mentorship, *, mentor, accept: bool) -> Mentorship:
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.mentor_id != mentor.pk or mentorship.status != Mentorship.Status.INVITED:
        raise MentoringError("This invitation is no longer open.")
    if accept:
        mentorship.status, mentorship.started_at = Mentorship.Status.ACTIVE, timezone.now()
    else:
        mentorship.status, mentorship.ended_at = Mentorship.Status.DECLINED, timezone.now()
    mentorship.save(update_fields=["status", "started_at", "ended_at"])
    _record(mentorship, mentor, MentorshipEvent.Kind.ACCEPTED if accept else MentorshipEvent.Kind.DECLINED)
    return mentorship


@transaction.atomic
def mentorship_accept(*, mentorship: Mentorship, mentor) -> Mentorship:
    return _decide(mentorship, mentor=mentor, accept=True)


@transaction.atomic
def mentorship_decline(*, mentorship: Mentorship, mentor) -> Mentorship:
    return _decide(mentorship, mentor=mentor, accept=False)


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, by) -> Mentorship:
    """Either side may end it at any moment; from then on the mentor sees nothing."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if by.pk not in (mentorship.candidate_id, mentorship.mentor_id):
        raise MentoringError("Only the candidate or the mentor can end this.")
    if mentorship.status in (Mentorship.Status.ENDED, Mentorship.Status.DECLINED):
        raise MentoringError("This mentorship has ended already.")
    mentorship.status, mentorship.ended_at = Mentorship.Status.ENDED, timezone.now()
    mentorship.save(update_fields=["status", "ended_at"])
    _record(mentorship, by, MentorshipEvent.Kind.ENDED)
    return mentorship


@transaction.atomic
def mentorship_set_sharing(*, mentorship: Mentorship, candidate, share_open_answers: bool) -> None:
    if mentorship.candidate_id != candidate.pk:
        raise MentoringError("Only the candidate decides what is shared.")
    if mentorship.share_open_answers == share_open_answers:
        return
    Mentorship.objects.filter(pk=mentorship.pk).update(share_open_answers=share_open_answers)
    _record(mentorship, candidate, MentorshipEvent.Kind.SHARING_CHANGED,
            "open answers shared" if share_open_answers else "open answers private")  # fmt: skip


# --- invitation links ------------------------------------------------------------------------------------------------


def invitation_link_create(*, candidate) -> InvitationLink:
    return InvitationLink.objects.create(
        candidate=candidate, expires_at=timezone.now() + timedelta(days=INVITATION_LINK_DAYS)
    )


@transaction.atomic
def invitation_link_use(*, link: InvitationLink, mentor) -> Mentorship:
    """Following a link makes its user the candidate's mentor straight away; the link then stops working."""
    link = InvitationLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at is not None:
        raise MentoringError("This invitation link has been used already. Ask for a new one.")
    if link.expires_at <= timezone.now():
        raise MentoringError("This invitation link has expired. Ask for a new one.")
    if link.candidate_id == mentor.pk:
        raise MentoringError("This is your own invitation link: send it to the person you want as a mentor.")
    if Mentorship.objects.live().filter(candidate_id=link.candidate_id, mentor=mentor).exists():
        raise MentoringError("You are already this candidate's mentor, or invited to be.")
    mentorship = Mentorship.objects.create(
        candidate_id=link.candidate_id,
        mentor=mentor,
        status=Mentorship.Status.ACTIVE,
        started_at=timezone.now(),
    )
    link.used_at, link.used_by = timezone.now(), mentor
    link.save(update_fields=["used_at", "used_by"])
    _record(mentorship, mentor, MentorshipEvent.Kind.ACCEPTED, "through an invitation link")
    return mentorship


# --- comments and plans ----------------------------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, mentorship: Mentorship, answer: Answer, author, text: str) -> Comment:
    """A comment in one mentorship's thread on one of its candidate's answers, by the mentor or the candidate. The
    thread is open only while the mentor may see the answer."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if not mentorship.sees_open_answers or answer.user_id != mentorship.candidate_id:
        raise MentoringError("This thread is closed.")
    if author.pk not in (mentorship.candidate_id, mentorship.mentor_id):
        raise MentoringError("Only the candidate and this mentor write in this thread.")
    comment = Comment(mentorship=mentorship, answer=answer, author=author, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


def comments_mark_read(*, answer: Answer, mentorships: list[Mentorship], reader) -> None:
    """The reader has seen these mentorships' threads on this answer: what the other side wrote there is read. A
    mentor passes only their own mentorship, so that they never mark another mentor's comments read."""
    Comment.objects.filter(answer=answer, mentorship__in=mentorships, read_at__isnull=True).exclude(
        author=reader
    ).update(read_at=timezone.now())


@transaction.atomic
def plan_assign(*, mentorship: Mentorship, mentor, competencies: list[Competency], question_count: int, due_on,
                note: str = "") -> PracticePlan:  # fmt: skip
    if not mentorship.is_active or mentorship.mentor_id != mentor.pk:
        raise MentoringError("Only an active mentor can assign practice.")
    plan = PracticePlan(mentorship=mentorship, question_count=question_count, due_on=due_on, note=note,
                        created_at=timezone.now())  # fmt: skip
    try:
        validate_not_in_the_past(due_on)
        plan.full_clean()
    except ValidationError as error:
        raise MentoringError(" ".join(error.messages)) from None
    plan.save()
    plan.competencies.set(competencies)
    names = ", ".join(c.name for c in competencies)
    _record(
        mentorship, mentor, MentorshipEvent.Kind.PLAN_ASSIGNED, f"{question_count} questions in {names}"[:200]
    )
    return plan
