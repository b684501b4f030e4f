from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"


def _auth_view(view_class, template: str, **kwargs):
    return view_class.as_view(template_name=f"accounts/{template}.html", **kwargs)


urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("", views.account, name="account"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("login/", _auth_view(auth_views.LoginView, "login", redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        _auth_view(
            views.PasswordChangeView,
            "password_change",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        _auth_view(auth_views.PasswordChangeDoneView, "password_change_done"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        _auth_view(
            auth_views.PasswordResetView,
            "password_reset",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        _auth_view(auth_views.PasswordResetDoneView, "password_reset_done"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _auth_view(
            auth_views.PasswordResetConfirmView,
            "password_reset_confirm",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        _auth_view(auth_views.PasswordResetCompleteView, "password_reset_complete"),
        name="password_reset_complete",
    ),
]
