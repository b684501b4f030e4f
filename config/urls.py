from django.contrib import admin
from django.urls import include, path

from config import views as site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", site_views.healthz, name="healthz"),
    path("accounts/", include("apps.accounts.urls")),
    path("profile/", include("apps.competencies.urls")),
    path("practice/", include("apps.attempts.urls")),
    path("readiness/", include("apps.readiness.urls")),
    path("", include("apps.mentoring.urls")),
    path("admin/", admin.site.urls),
]

# 404, 403 and 500 use Django's handlers with the templates in templates/; 400 also tells a too-large body apart.
handler400 = "config.views.bad_request"
