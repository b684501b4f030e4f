from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.competencies.models import RoleProfile

from . import plugins, selectors


@login_required
@require_GET
def readiness_page(request: HttpRequest) -> HttpResponse:
    profile = RoleProfile.objects.current()
    if profile is None:
        return render(request, "competencies/no_profile.html")
    context = selectors.page(request.user, profile, timezone.localdate()) | {
        "practice_actions": plugins.practice_actions()
    }
    return render(request, "readiness/page.html", context)
