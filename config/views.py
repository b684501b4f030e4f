"""Pages that belong to no single app: the front door, the health check, and the bad-request page."""

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
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


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django answers a body over DATA_UPLOAD_MAX_MEMORY_SIZE as any bad request (400); say what went wrong, with
    the status that names it (413). Everything else gets the site's 400 page."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    return defaults.bad_request(request, exception)
