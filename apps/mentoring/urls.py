from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    # the candidate's side, and answering invitations
    path("mentors/", views.mentors_home, name="home"),
    path("mentors/invite/", views.invite, name="invite"),
    path("mentors/links/", views.link_create, name="link_create"),
    path("mentors/join/<str:token>/", views.join, name="join"),
    path("mentors/<int:pk>/accept/", views.accept, name="accept"),
    path("mentors/<int:pk>/decline/", views.decline, name="decline"),
    path("mentors/<int:pk>/end/", views.end, name="end"),
    path("mentors/<int:pk>/sharing/", views.sharing, name="sharing"),
    path("mentors/answers/<int:answer_id>/", views.my_answer, name="my_answer"),
    path("mentors/plans/<int:pk>/start/", views.plan_start, name="plan_start"),
    # the mentor's side
    path("mentoring/", views.dashboard, name="dashboard"),
    path("mentoring/mentees.csv", views.export_csv, name="export"),
    path("mentoring/cohorts/", views.cohort_create, name="cohort_create"),
    path("mentoring/<int:pk>/", views.mentee, name="mentee"),
    path("mentoring/<int:pk>/cohort/", views.cohort_assign, name="cohort_assign"),
    path("mentoring/<int:pk>/plans/", views.plan_create, name="plan_create"),
    path("mentoring/<int:pk>/sessions/<int:session_id>/", views.mentee_session, name="mentee_session"),
    path("mentoring/<int:pk>/answers/<int:answer_id>/", views.mentee_answer, name="mentee_answer"),
]
