"""The plainest correct quiz on Rungs' stack: show a question, store the option chosen, go on to the next one.

It is the yardstick for what an answer costs (docs/performance.md): no sessions, no scoring, no readiness."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.questions.models import Choice, Question

from .models import MinimalAnswer

CHOICE_KINDS = [Question.Kind.SINGLE, Question.Kind.TRUE_FALSE, Question.Kind.JUDGEMENT]


def _questions():
    return Question.objects.published().filter(kind__in=CHOICE_KINDS)


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The first question, or with `?at=N` the N-th (counting round): many candidates at once start at different
    places, as Rungs' candidates draw different questions."""
    questions = _questions().order_by("pk").values_list("pk", flat=True)
    count = questions.count()
    if not count:
        raise Http404("There are no published questions yet.")
    at = request.GET.get("at", "0")
    return redirect("minimal_quiz:question", pk=questions[int(at) % count if at.isdigit() else 0])


@login_required
@require_GET
def question(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(_questions().prefetch_related("choices"), pk=pk)
    return render(request, "minimal_quiz/question.html", {"question": question})


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(_questions(), pk=pk)
    choice = Choice.objects.filter(pk=request.POST.get("choice") or 0, question=question).first()
    if choice is None:
        return HttpResponseBadRequest("Pick one of this question's options.")
    MinimalAnswer.objects.create(user=request.user, question=question, choice=choice)
    following = _questions().filter(pk__gt=pk).order_by("pk").values_list("pk", flat=True).first()
    if following is None:  # after the last question, start again at the first
        following = _questions().order_by("pk").values_list("pk", flat=True).first()
    return redirect("minimal_quiz:question", pk=following)
