"""Mentoring pages. Every object is reached through the signed-in user's own side of a mentorship: a stranger, an
ex-mentor or a mentor of someone else gets a 404, never a hint that the object exists."""

import csv
import re
from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.attempts import selectors as attempts_selectors
from apps.attempts.models import Answer, QuizSession
from apps.attempts.services import MAX_COUNT, QuizError, SessionSpec, session_start
from apps.competencies.models import RoleProfile
from apps.questions.models import Question
from apps.readiness import selectors as readiness_selectors

from . import selectors, services
from .forms import CohortForm, CommentForm, InviteForm, PlanForm
from .models import Cohort, InvitationLink, Mentorship, PracticePlan
from .services import MentoringError

# --- access ----------------------------------------------------------------------------------------------------------


def _as_candidate(request: HttpRequest, pk: int) -> Mentorship:
    return get_object_or_404(Mentorship.objects.select_related("mentor"), pk=pk, candidate=request.user)


def _as_mentor(request: HttpRequest, pk: int, *, active: bool = True) -> Mentorship:
    queryset = Mentorship.objects.select_related("candidate")
    if active:
        queryset = queryset.active()
    return get_object_or_404(queryset, pk=pk, mentor=request.user)


def _as_either(request: HttpRequest, pk: int) -> Mentorship:
    mentorship = get_object_or_404(Mentorship, pk=pk)
    if request.user.pk not in (mentorship.candidate_id, mentorship.mentor_id):
        raise Http404
    return mentorship


def _shared_open_answer(mentorship: Mentorship, answer_id: int) -> Answer:
    """An open answer of the mentee, only while the mentee shares open answers with this mentor."""
    if not mentorship.sees_open_answers:
        raise Http404("Open answers are not shared with you.")
    return get_object_or_404(
        Answer.objects.select_related("question", "session"),
        pk=answer_id, user_id=mentorship.candidate_id, question__kind=Question.Kind.OPEN,
    )  # fmt: skip


def _refuse(request: HttpRequest, error: MentoringError, to: str) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(to)


# --- the candidate's side --------------------------------------------------------------------------------------------


@login_required
@require_GET
def mentors_home(request: HttpRequest) -> HttpResponse:
    # Only mentorships the mentor took up: a pending or declined invitation listed here would tell the candidate that
    # an account exists, and whose username an e-mail address they typed belongs to.
    accepted = Mentorship.objects.filter(candidate=request.user, started_at__isnull=False)
    context = {
        "as_candidate": accepted.select_related("mentor")[:50],
        "as_mentor": Mentorship.objects.live().filter(mentor=request.user).select_related("candidate"),
        "links": InvitationLink.objects.filter(
            candidate=request.user, used_at__isnull=True, expires_at__gt=timezone.now()
        ),
        "invite_form": InviteForm(),
    }
    return render(request, "mentoring/home.html", context)


# Said whether or not the account exists, so that it tells nothing about who is on Rungs.
INVITATION_SENT = (
    "Invitation sent to {who} if they are on Rungs: they appear under Your mentors once they accept. "
    "Not on Rungs yet? Send them an invitation link."
)


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["who"]))
        return redirect("mentoring:home")
    mentor = form.recipient()
    if mentor == request.user:
        messages.error(request, "You cannot be your own mentor.")
        return redirect("mentoring:home")
    if mentor is not None:
        # Invited already, or their mentor already: the same answer as for a new invitation or for nobody at all.
        with suppress(MentoringError):
            services.mentorship_invite(candidate=request.user, mentor=mentor)
    messages.success(request, INVITATION_SENT.format(who=form.cleaned_data["who"]))
    return redirect("mentoring:home")


@login_required
@require_POST
def link_create(request: HttpRequest) -> HttpResponse:
    link = services.invitation_link_create(candidate=request.user)
    url = request.build_absolute_uri(reverse("mentoring:join", args=[link.token]))
    messages.success(request, f"Send this link to your mentor; it works once, for 7 days: {url}")
    return redirect("mentoring:home")


# What secrets.token_urlsafe() gives, up to the column's width.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def _invitation_link(token: str) -> InvitationLink:
    # Checked before any query: a NUL byte makes PostgreSQL raise (a server error), and no other odd token can match.
    if not TOKEN_SHAPE.fullmatch(token):
        raise Http404("No such invitation link.")
    return get_object_or_404(InvitationLink.objects.select_related("candidate"), token=token)


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    link = _invitation_link(token)
    if request.method == "POST":
        try:
            mentorship = services.invitation_link_use(link=link, mentor=request.user)
        except MentoringError as error:
            return render(request, "mentoring/join.html", {"link": link, "error": str(error)}, status=410)
        messages.success(request, f"You are now {mentorship.candidate.username}'s mentor.")
        return redirect("mentoring:mentee", mentorship.pk)
    return render(request, "mentoring/join.html", {"link": link})


def _carry_out(request: HttpRequest, action, *, done: str, then: str = "mentoring:home") -> HttpResponse:
    """Run a mentoring service call; a refusal becomes a message, success a message and a redirect."""
    try:
        action()
    except MentoringError as error:
        return _refuse(request, error, reverse("mentoring:home"))
    messages.success(request, done)
    return redirect(then)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _as_mentor(request, pk, active=False)
    return _carry_out(
        request,
        lambda: services.mentorship_accept(mentorship=mentorship, mentor=request.user),
        done=f"You are now {mentorship.candidate.username}'s mentor.",
        then="mentoring:dashboard",
    )


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _as_mentor(request, pk, active=False)
    return _carry_out(
        request,
        lambda: services.mentorship_decline(mentorship=mentorship, mentor=request.user),
        done="Invitation declined.",
    )


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _as_either(request, pk)
    return _carry_out(
        request,
        lambda: services.mentorship_end(mentorship=mentorship, by=request.user),
        done="The mentorship has ended; the mentor no longer sees anything.",
    )


@login_required
@require_POST
def sharing(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _as_candidate(request, pk)
    share = request.POST.get("share_open_answers") == "on"
    services.mentorship_set_sharing(mentorship=mentorship, candidate=request.user, share_open_answers=share)
    messages.success(
        request,
        f"Open answers are now {'shared with' if share else 'private from'} {mentorship.mentor.username}.",
    )
    return redirect("mentoring:home")


@login_required
@require_http_methods(["GET", "POST"])
def my_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    """The candidate's view of one of their answers: each mentor's thread on it apart, a reply goes into one of them."""
    answer = get_object_or_404(
        Answer.objects.select_related("question", "session"), pk=answer_id, user=request.user
    )
    threads = selectors.threads_of_candidate(answer)
    _mark_read(request, answer, [t["mentorship"] for t in threads])
    for thread in threads:
        if thread["mentorship"].sees_open_answers:  # else closed: the mentor can no longer read a reply
            thread["form"] = CommentForm(auto_id=f"id_%s_{thread['mentorship'].pk}")
    if request.method == "POST":
        reply_to = _int(request.POST.get("mentorship"))
        thread = next((t for t in threads if t["mentorship"].pk == reply_to and "form" in t), None)
        if thread is None:
            raise Http404("There is no open thread with this mentor on this answer.")
        thread["form"] = CommentForm(request.POST, auto_id=f"id_%s_{reply_to}")
        if posted := _post_comment(request, thread["mentorship"], answer, thread["form"]):
            return posted
    back = reverse("attempts:summary", args=[answer.session_id])
    return _render_threads(request, answer, threads, back=back)


def _mark_read(request: HttpRequest, answer: Answer, mentorships: list[Mentorship]) -> None:
    # On opening the page only: a reply redirects here, and a refused request changes nothing.
    if request.method == "GET":
        services.comments_mark_read(answer=answer, mentorships=mentorships, reader=request.user)


def _post_comment(request: HttpRequest, mentorship: Mentorship, answer: Answer, form: CommentForm):
    """Add the posted comment to the mentorship's thread: a redirect, or None when the form has errors."""
    if not form.is_valid():
        return None
    try:
        services.comment_add(
            mentorship=mentorship, answer=answer, author=request.user, text=form.cleaned_data["text"]
        )
    except MentoringError:
        # The mentorship ended or sharing stopped since the page was opened.
        raise Http404("This thread is closed.") from None
    messages.success(request, "Comment posted.")
    return redirect(request.path)


def _render_threads(request: HttpRequest, answer: Answer, threads: list[dict], *, back: str) -> HttpResponse:
    invalid = any(t.get("form") is not None and t["form"].is_bound and t["form"].errors for t in threads)
    context = {"answer": answer, "threads": threads, "back": back,
               "as_mentor": request.user.pk != answer.user_id}  # fmt: skip
    return render(request, "mentoring/thread.html", context, status=400 if invalid else 200)


@login_required
@require_POST
def plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        PracticePlan.objects.prefetch_related("competencies"),
        pk=pk, mentorship__candidate=request.user, mentorship__status=Mentorship.Status.ACTIVE,
    )  # fmt: skip
    progress = selectors.plans_with_progress(PracticePlan.objects.filter(pk=plan.pk)).get()
    remaining = max(1, min(MAX_COUNT, plan.question_count - progress.done))
    spec = SessionSpec(
        "practice", "plan", competency_ids=[c.pk for c in plan.competencies.all()], count=remaining
    )
    try:
        session = session_start(user=request.user, spec=spec)
    except QuizError as error:
        messages.error(request, str(error))
        return redirect("attempts:dashboard")
    return redirect("attempts:question", session.pk, 1)


SORT_LABELS = [("name", "Name"), ("readiness", "Readiness"), ("active", "Last active"),
               ("answers", "Answers this week"), ("plans", "Open plans")]  # fmt: skip

# --- the mentor's side -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    cohorts = Cohort.objects.filter(mentor=request.user)
    cohort_id = _int(request.GET.get("cohort"))
    rows = selectors.sort_rows(
        selectors.mentor_rows(request.user, cohort_id=cohort_id), request.GET.get("sort", "name")
    )
    for row in rows:
        row["sparkline"] = selectors.sparkline(row["trend"])
    context = {"rows": rows, "cohorts": cohorts, "cohort_id": cohort_id, "sort": request.GET.get("sort", "name"),
               "sorts": SORT_LABELS, "cohort_form": CohortForm()}  # fmt: skip
    return render(request, "mentoring/dashboard.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula, made plain text by a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    rows = selectors.sort_rows(selectors.mentor_rows(request.user), "name")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mentees.csv"'
    writer = csv.writer(response)
    writer.writerow(["candidate", "target stage", "readiness %", "range low %", "range high %", "verdict",
                     "last active", "answers this week", "weakest competencies", "open plans", "overdue plans"])  # fmt: skip
    for row in rows:
        writer.writerow([_spreadsheet_safe(cell) for cell in _export_row(row)])
    return response


def _export_row(row: dict) -> list:
    readiness = row["readiness"]
    return [
        row["candidate"].username,
        row["target"].name if row["target"] else "",
        round(100 * readiness.expected) if readiness else "",
        round(100 * readiness.low) if readiness else "",
        round(100 * readiness.high) if readiness else "",
        readiness.get_verdict_display() if readiness else "",
        row["last_active"].isoformat() if row["last_active"] else "",
        row["answers_this_week"],
        "; ".join(name for name, _ in row["weakest"]),
        len(row["open_plans"]),
        row["overdue_plans"],
    ]


@login_required
@require_POST
def cohort_create(request: HttpRequest) -> HttpResponse:
    form = CohortForm(request.POST)
    if form.is_valid():
        Cohort.objects.get_or_create(mentor=request.user, name=form.cleaned_data["name"].strip())
    return redirect("mentoring:dashboard")


@login_required
@require_POST
def cohort_assign(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _as_mentor(request, pk)
    cohort = get_object_or_404(Cohort, pk=_int(request.POST.get("cohort")), mentor=request.user)
    if cohort.mentorships.filter(pk=mentorship.pk).exists():
        cohort.mentorships.remove(mentorship)
    else:
        cohort.mentorships.add(mentorship)
    return redirect("mentoring:dashboard")


@login_required
@require_GET
def mentee(request: HttpRequest, pk: int) -> HttpResponse:
    return _mentee_page(request, _as_mentor(request, pk), PlanForm())


def _mentee_page(
    request: HttpRequest, mentorship: Mentorship, plan_form: PlanForm, status: int = 200
) -> HttpResponse:
    candidate = mentorship.candidate
    profile = RoleProfile.objects.current()
    context = readiness_selectors.page(candidate, profile, timezone.localdate()) if profile else {}
    context |= {
        "mentorship": mentorship,
        "candidate": candidate,
        "sessions": QuizSession.objects.filter(user=candidate, finished_at__isnull=False)[:20],
        "open_answers": (
            Answer.objects.filter(user=candidate, question__kind=Question.Kind.OPEN).select_related("question")[:20]
            if mentorship.share_open_answers else []
        ),
        "plans": selectors.plans_with_progress(mentorship.plans.all()),
        "plan_form": plan_form,
        "events": mentorship.events.select_related("actor")[:20],
        "read_only": True,
    }  # fmt: skip
    return render(request, "mentoring/mentee.html", context, status=status)


@login_required
@require_GET
def mentee_session(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    mentorship = _as_mentor(request, pk)
    session = get_object_or_404(QuizSession, pk=session_id, user_id=mentorship.candidate_id)
    context = attempts_selectors.summary_of(session, reader=request.user) | {
        "read_only": True,
        "mentorship": mentorship,
        "open_answers_visible": mentorship.share_open_answers,
    }
    return render(request, "mentoring/mentee_session.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mentee_answer(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    """The mentor's view of a shared answer: their own mentorship's thread on it, nobody else's."""
    mentorship = _as_mentor(request, pk)
    answer = _shared_open_answer(mentorship, answer_id)
    _mark_read(request, answer, [mentorship])
    form = CommentForm(request.POST or None)
    if request.method == "POST" and (posted := _post_comment(request, mentorship, answer, form)):
        return posted
    thread = {"mentorship": mentorship, "comments": selectors.thread(mentorship, answer), "form": form}
    return _render_threads(request, answer, [thread], back=reverse("mentoring:mentee", args=[mentorship.pk]))


@login_required
@require_POST
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _as_mentor(request, pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _mentee_page(request, mentorship, form, status=400)  # the errors beside the fields
    data = form.cleaned_data
    try:
        services.plan_assign(mentorship=mentorship, mentor=request.user, competencies=list(data["competencies"]),
                             question_count=data["question_count"], due_on=data["due_on"], note=data["note"])  # fmt: skip
    except MentoringError as error:
        return _refuse(request, error, reverse("mentoring:mentee", args=[mentorship.pk]))
    messages.success(request, f"Practice plan assigned to {mentorship.candidate.username}.")
    return redirect("mentoring:mentee", mentorship.pk)
