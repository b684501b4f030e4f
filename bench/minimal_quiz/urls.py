from django.urls import path

from . import views

app_name = "minimal_quiz"
urlpatterns = [
    path("<int:pk>/", views.question, name="question"),
    path("<int:pk>/answer/", views.answer, name="answer"),
]
