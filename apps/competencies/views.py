from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Area, CareerStage, Competency, RoleProfile, StageRequirement


def _current_profile() -> RoleProfile | None:
    """Rungs serves one role profile today; the data model allows more."""
    return RoleProfile.objects.current()


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    role = _current_profile()
    if role is None:
        return render(request, "competencies/no_profile.html")
    stages = list(CareerStage.objects.filter(profile=role))
    # Counted through the reverse relation so that this floor-1 app imports nothing from `questions`.
    competencies = Competency.objects.annotate(
        question_count=Count("questions", filter=Q(questions__status="published"))
    ).prefetch_related(Prefetch("requirements", queryset=StageRequirement.objects.order_by("stage__order")))
    areas = Area.objects.filter(profile=role).prefetch_related(
        Prefetch("competencies", queryset=competencies)
    )
    return render(request, "competencies/profile.html", {"role": role, "stages": stages, "areas": areas})


@login_required
@require_GET
def competency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = _current_profile()
    competency = get_object_or_404(
        Competency.objects.select_related("area").prefetch_related("indicators"), profile=role, slug=slug
    )
    requirements = competency.requirements.select_related("stage").order_by("stage__order")
    return render(
        request,
        "competencies/competency.html",
        {"role": role, "competency": competency, "requirements": requirements},
    )
