"""Pages that belong to no single app: the front door."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from apps.competencies.models import CareerStage, RoleProfile
from apps.questions.models import Question


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Visitors learn what Rungs does and how to start; signed-in users go to the role they are climbing."""
    if request.user.is_authenticated:
        return redirect("attempts:dashboard")
    profile = RoleProfile.objects.first()
    context = {
        "profile": profile,
        "stages": CareerStage.objects.filter(profile=profile) if profile else [],
        "question_count": Question.objects.published().count(),
    }
    return render(request, "home.html", context)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when this app server can reach the database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
