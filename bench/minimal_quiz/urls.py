from django.urls import path

from . import views

app_name = "minimal_quiz"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.question, name="question"),
    path("<int:pk>/answer/", views.answer, name="answer"),
]
