"""Rungs' URLs with the minimal quiz mounted beside them: for the bench only, never in production."""

from django.urls import include, path

from config import urls as site_urls

urlpatterns = [path("minimal/", include("bench.minimal_quiz.urls")), *site_urls.urlpatterns]
handler400 = site_urls.handler400
