"""The candidate's side of Rungs: dashboard, sessions, questions, answers and summaries.

Every view works with plain form posts and redirects; with htmx the same URLs answer with partials.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url, reswap, retarget

from apps.questions.models import SELF_RATING_SCALE, Question
from apps.questions.options import options_attach
from apps.questions.services import problem_report_create
from apps.readiness.selectors import target_stage_of
from apps.readiness.services import target_stage_set

from . import clock, plugins, selectors
from .forms import AnswerForm, GradeForm, ReportForm, StartForm, TargetForm
from .models import Bookmark, QuizSession, SessionQuestion
from .services import (
    QuizError,
    answer_grade_open,
    answer_record,
    bookmark_toggle,
    session_close_if_expired,
    session_start,
    session_stop,
    slot_mark_shown,
)

# --- object access: everything is reached through the signed-in user, so a stranger's id is a 404 -------------


def _get_session_for_user(request: HttpRequest, session_id: int) -> QuizSession:
    return get_object_or_404(QuizSession.objects.select_related("competency", "area", "stage"),
                             pk=session_id, user=request.user)  # fmt: skip


def _slots():
    """Slots with what a question page and an answer need (the options come from questions.options). The profile
    comes along because recording an answer needs its shape_version (readiness keeps the profile's shape per
    version). No ordering: a slot is one row, and sorting by the default ordering would join the session's table
    only to sort that row."""
    return SessionQuestion.objects.select_related("question__competency__profile", "answer").order_by()


def _with_options(slot: SessionQuestion | None) -> SessionQuestion | None:
    if slot is not None:
        options_attach([slot.question])
    return slot


def _get_slot(session: QuizSession, position: int) -> SessionQuestion:
    slot = _with_options(_slots().filter(session=session, position=position).first())
    if slot is None:
        raise Http404("That question is not part of this session.")
    return slot


def _get_session_and_slot(
    request: HttpRequest, session_id: int, position: int
) -> tuple[QuizSession, SessionQuestion]:
    """One of the user's sessions and one of its questions, read together (a question page's first query)."""
    # The session, but not its scope's competency, area or stage: each join costs planning time on every answer.
    slot = _with_options(
        _slots()
        .select_related("session")
        .filter(session_id=session_id, session__user=request.user, position=position)
        .first()
    )
    if slot is None:
        raise Http404("That question is not part of a session of yours.")
    return slot.session, slot


def _get_question_for_user(request: HttpRequest, question_id: int) -> Question:
    """A question the candidate has been asked in one of their sessions; others (drafts included) are a 404."""
    return get_object_or_404(
        Question.objects.filter(pk=question_id, session_slots__session__user=request.user).distinct()
    )


def _slot_url(session: QuizSession, position: int) -> str:
    return reverse("attempts:question", args=[session.pk, position])


def _summary_url(session: QuizSession) -> str:
    return reverse("attempts:summary", args=[session.pk])


# --- dashboard and target ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = selectors.dashboard_of(request.user) | {"panels": plugins.dashboard_panels(request)}
    return render(request, "attempts/dashboard.html", context)


@login_required
@require_POST
def set_target(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST)
    if form.is_valid():
        target_stage_set(user=request.user, stage=form.cleaned_data["stage"])
        messages.success(request, f"Your target is now: {form.cleaned_data['stage'].name}.")
    else:
        messages.error(request, "That career stage does not exist; your target is unchanged.")
    return redirect("attempts:dashboard")


# --- starting, resuming and stopping a session ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    target = target_stage_of(request.user)
    form = StartForm(request.POST or None, initial=request.GET.dict(), target=target)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_start(user=request.user, spec=form.session_spec())
        except QuizError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_slot_url(session, 1))
    status = 400 if request.method == "POST" else 200
    return render(request, "attempts/start.html", {"form": form, "target": target}, status=status)


@login_required
@require_GET
def resume(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session_for_user(request, session_id)
    session_close_if_expired(session=session)
    if session.is_finished:
        return redirect(_summary_url(session))
    next_slot = session.slots.filter(answer__isnull=True).order_by("position").first()
    return redirect(_slot_url(session, next_slot.position) if next_slot else _summary_url(session))


@login_required
@require_POST
def stop(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session_for_user(request, session_id)
    session_stop(session=session)
    messages.info(request, "Session ended. Here is how it went.")
    return redirect(_summary_url(session))


# --- one question: show, answer, self-grade ---------------------------------------------------------------------------


def _question_context(session: QuizSession, slot: SessionQuestion, form=None, grade_form=None) -> dict:
    answer = getattr(slot, "answer", None)
    question = slot.question
    if answer is None and form is None:
        form = AnswerForm(slot=slot)
    if (
        answer
        and question.kind == Question.Kind.OPEN
        and answer.covered_points is None
        and grade_form is None
    ):
        grade_form = GradeForm(key_points=question.key_points)
    bound = form is not None and form.is_bound
    return {
        "session": session,
        "slot": slot,
        # What the candidate picked, so that a form sent back with an error keeps their choices.
        "picked": form.data.getlist("choice") if bound else [],
        "picked_rating": form.data.getlist("rating") if bound else [],
        "picked_confidence": form.data.get("confidence") if bound else None,
        "question": question,
        "choices": slot.displayed_choices(),
        "answer": answer,
        "form": form,
        "grade_form": grade_form,
        "scale": SELF_RATING_SCALE.items(),
        "show_feedback": answer is not None and session.reveals_answers,
        "next_url": _next_url(session, slot),
        # Seconds left by the server's clock: the browser counts down from this, whatever its own clock says.
        "remaining_seconds": max(0, int((session.deadline - clock.now()).total_seconds()))
        if session.deadline
        else None,
        # Called by the template only where it shows the bookmark button, after the answer: no query before it.
        "bookmarked": Bookmark.objects.filter(user_id=session.user_id, question=question).exists,
    }


def _next_url(session: QuizSession, slot: SessionQuestion) -> str:
    if not session.is_finished and slot.position < session.question_count:
        return _slot_url(session, slot.position + 1)
    return _summary_url(session)


def _render_question(
    request: HttpRequest, context: dict, *, status: int = 200, partial: str = "quiz"
) -> HttpResponse:
    """The whole page, or with htmx only the piece that changes (a history restore gets the whole page)."""
    as_partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = f"attempts/question.html#{partial}" if as_partial else "attempts/question.html"
    response = render(request, template, context, status=status)
    if as_partial and partial == "card":
        # Errors and refusals replace only the card, even when the form aimed at the whole quiz.
        response = reswap(retarget(response, "#question-card"), "outerHTML")
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def question(request: HttpRequest, session_id: int, position: int) -> HttpResponse:
    session, slot = _get_session_and_slot(request, session_id, position)
    if session_close_if_expired(session=session):
        messages.warning(request, "Time ran out for this mock interview. Here is how it went.")
        return redirect(_summary_url(session))
    if session.is_finished and not hasattr(slot, "answer"):
        return redirect(_summary_url(session))
    slot_mark_shown(slot=slot)
    return _render_question(request, _question_context(session, slot))


@login_required
@require_POST
def answer(request: HttpRequest, session_id: int, position: int) -> HttpResponse:
    session, slot = _get_session_and_slot(request, session_id, position)
    session_close_if_expired(session=session)
    form = AnswerForm(request.POST, slot=slot)
    if not form.is_valid():
        return _render_question(
            request, _question_context(session, slot, form=form), status=400, partial="card"
        )
    try:
        recorded = answer_record(session=session, slot=slot, submission=form.submission())
    except QuizError as error:
        return _refused(request, session, slot, str(error), error.status)
    if not recorded.created:
        messages.info(request, "You had answered this question already; your first answer counts.")
    if not request.htmx and session.shows_feedback_per_question:
        # Post/Redirect/Get: the feedback is at the question's URL.
        return redirect(_slot_url(session, position))
    session.refresh_from_db()
    slot = _get_slot(session, position)
    if not session.shows_feedback_per_question:
        return _go_on(request, session, slot)
    return _render_question(request, _question_context(session, slot), partial="answered")


def _go_on(request: HttpRequest, session: QuizSession, slot: SessionQuestion) -> HttpResponse:
    """Mock interviews and adaptive assessments give no feedback: straight on to the next question, or to the
    summary at the end."""
    if session.is_finished or slot.position >= session.question_count:
        url = _resume_url(session)
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    next_slot = _get_slot(session, slot.position + 1)
    if not request.htmx:
        return redirect(_slot_url(session, next_slot.position))
    slot_mark_shown(slot=next_slot)
    return push_url(
        _render_question(request, _question_context(session, next_slot)),
        _slot_url(session, next_slot.position),
    )


def _resume_url(session: QuizSession) -> str:
    return reverse("attempts:resume", args=[session.pk])


def _refused(
    request: HttpRequest, session: QuizSession, slot: SessionQuestion, message: str, status: int
) -> HttpResponse:
    session.refresh_from_db()
    context = {**_question_context(session, slot), "refusal": message, "form": None}
    return _render_question(request, context, status=status, partial="card")


@login_required
@require_POST
def grade(request: HttpRequest, session_id: int, position: int) -> HttpResponse:
    session, slot = _get_session_and_slot(request, session_id, position)
    stored = getattr(slot, "answer", None)
    if stored is None or slot.question.kind != Question.Kind.OPEN:
        raise Http404("There is no open answer to grade here.")
    if not session.reveals_answers:  # grading needs the model answer, which waits for the end of a test
        return _refused(
            request, session, slot, "Grade your open answers in the summary once this session ends.", 409
        )
    form = GradeForm(request.POST, key_points=slot.question.key_points)
    if not form.is_valid():
        return _render_question(
            request, _question_context(session, slot, grade_form=form), status=400, partial="card"
        )
    try:
        answer_grade_open(answer=stored, covered=set(form.cleaned_data["covered"]))
    except QuizError as error:
        return _refused(request, session, slot, str(error), error.status)
    if _safe_next(request):
        return redirect(_safe_next(request))
    if request.htmx:
        return _render_question(
            request, _question_context(session, _get_slot(session, position)), partial="answered"
        )
    return redirect(_slot_url(session, position))


# --- summary --------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def summary(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session_for_user(request, session_id)
    session_close_if_expired(session=session)
    context = selectors.summary_of(session, reader=request.user) | {"open_answers_visible": True}
    return render(request, "attempts/summary.html", context)


# --- bookmarks and problem reports ----------------------------------------------------------------------------------


@login_required
@require_POST
def bookmark(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _get_question_for_user(request, question_id)
    bookmarked = bookmark_toggle(user=request.user, question=question)
    if request.htmx:
        return render(
            request, "attempts/_bookmark_button.html", {"question": question, "bookmarked": bookmarked}
        )
    messages.success(request, "Bookmarked: find it under Bookmarks." if bookmarked else "Bookmark removed.")
    return _redirect_back(request, default=reverse("attempts:bookmarks"))


def _safe_next(request: HttpRequest) -> str | None:
    """The posted `next` if it is a path on this site (never another host: no open redirect), else None."""
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return back if safe and back.startswith("/") else None


def _redirect_back(request: HttpRequest, *, default: str) -> HttpResponse:
    return redirect(_safe_next(request) or default)


@login_required
@require_GET
def bookmarks(request: HttpRequest) -> HttpResponse:
    marked = Bookmark.objects.filter(user=request.user).select_related("question__competency")
    return render(request, "attempts/bookmarks.html", {"bookmarks": marked})


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _get_question_for_user(request, question_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem_report_create(question=question, reporter=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Thank you: the authors will look at your report.")
        return _redirect_back(request, default=reverse("attempts:dashboard"))
    context = {
        "question": question,
        "form": form,
        "next": request.GET.get("next", request.POST.get("next", "")),
    }
    return render(request, "attempts/report.html", context, status=400 if request.method == "POST" else 200)
