import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import data
from .forms import DeleteAccountForm, SignUpForm, ThrottledPasswordChangeForm
from .services import account_delete


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, f"Welcome to Rungs, {user.username}. Here is the role you are preparing for."
        )
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Everything Rungs holds about the signed-in person, as one JSON file."""
    body = json.dumps(data.user_data(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rungs-{request.user.username}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    """Delete the account after the password is confirmed: answers, estimates and mentorships go with it."""
    form = DeleteAccountForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = request.user.username
        account_delete(user=request.user)
        logout(request)
        messages.success(request, f"The account {username} and everything in it has been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.is_bound else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view; its form needs the request, for the throttle to know the address and to answer a lock-out."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}
