from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [path("", views.readiness_page, name="page")]
