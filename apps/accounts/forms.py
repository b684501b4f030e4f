from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, UserCreationForm

from .models import User


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label="E-mail address",
        help_text="We send password-reset links here, nothing else.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail address already exists. Try logging in.")
        return email


def _password_confirmed(request, user, password: str) -> bool:
    """Check a signed-in user's password through authenticate(), as log-in does, so that django-axes counts each
    failure and refuses every attempt, right or wrong, while the user or address is locked out: a plain
    check_password() here would let anyone holding a session guess the password without limit."""
    return authenticate(request, username=user.get_username(), password=password) == user


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password, to confirm",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not _password_confirmed(self.request, self.request.user, password):
            raise forms.ValidationError("That is not your password; nothing was deleted.")
        return password


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's form, with the old password checked through the log-in throttle."""

    def __init__(self, user, *args, request, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not _password_confirmed(self.request, self.user, old_password):
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
