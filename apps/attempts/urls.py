from django.urls import path

from . import views

app_name = "attempts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("target/", views.set_target, name="set_target"),
    path("start/", views.start, name="start"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("sessions/<int:session_id>/", views.resume, name="resume"),
    path("sessions/<int:session_id>/stop/", views.stop, name="stop"),
    path("sessions/<int:session_id>/summary/", views.summary, name="summary"),
    path("sessions/<int:session_id>/<int:position>/", views.question, name="question"),
    path("sessions/<int:session_id>/<int:position>/answer/", views.answer, name="answer"),
    path("sessions/<int:session_id>/<int:position>/grade/", views.grade, name="grade"),
    path("questions/<int:question_id>/bookmark/", views.bookmark, name="bookmark"),
    path("questions/<int:question_id>/report/", views.report, name="report"),
]
