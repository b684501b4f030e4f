import pytest
from django.urls import reverse

from apps.accounts.models import User

SIGNUP = reverse("accounts:signup")


def _signup_data(**overrides) -> dict:
    return {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
        **overrides,
    }


@pytest.mark.django_db
def test_signing_up_creates_the_account_and_logs_in(client):
    response = client.post(SIGNUP, _signup_data(), follow=True)

    user = User.objects.get(username="newbie")
    assert user.email == "newbie@example.com"
    assert not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Welcome to Rungs, newbie" in response.content.decode()


@pytest.mark.django_db
def test_signup_page_has_labelled_fields(client):
    html = client.get(SIGNUP).content.decode()

    for field in ("id_username", "id_email", "id_password1", "id_password2"):
        assert f'<label for="{field}"' in html


@pytest.mark.django_db
def test_an_email_in_use_with_other_capitals_is_refused(client, candidate):
    response = client.post(SIGNUP, _signup_data(email=candidate.email.upper()))

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_mismatched_passwords_create_nothing(client):
    response = client.post(SIGNUP, _signup_data(password2="something-else-entirely"))

    assert response.status_code == 200
    assert "The two password fields didn" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signed_in_users_are_sent_home(candidate_client):
    assert candidate_client.get(SIGNUP).url == reverse("home")


@pytest.mark.django_db
def test_signup_refuses_other_methods(client):
    assert client.put(SIGNUP).status_code == 405
