import re

import pytest
from django.core import mail
from django.urls import reverse

LOGIN = reverse("accounts:login")


@pytest.mark.django_db
def test_log_in_with_the_right_password(client, candidate, password):
    response = client.post(LOGIN, {"username": candidate.username, "password": password})

    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).context["user"] == candidate


@pytest.mark.django_db
def test_log_in_with_a_wrong_password_says_so(client, candidate):
    response = client.post(LOGIN, {"username": candidate.username, "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_log_out_is_a_post(candidate_client):
    assert candidate_client.get(reverse("accounts:logout")).status_code == 405

    candidate_client.post(reverse("accounts:logout"))

    assert "_auth_user_id" not in candidate_client.session


@pytest.mark.django_db
def test_change_password(candidate_client, candidate, password):
    response = candidate_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "another-fine-passphrase",
            "new_password2": "another-fine-passphrase",
        },
    )

    assert response.url == reverse("accounts:password_change_done")
    candidate.refresh_from_db()
    assert candidate.check_password("another-fine-passphrase")


@pytest.mark.django_db
def test_reset_password_by_email_link(client, candidate):
    client.post(reverse("accounts:password_reset"), {"email": candidate.email})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Rungs password"
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(
        form_url, {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"}
    )

    assert response.url == reverse("accounts:password_reset_complete")
    candidate.refresh_from_db()
    assert candidate.check_password("a-brand-new-passphrase")


@pytest.mark.django_db
def test_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_account_page_needs_log_in(client):
    response = client.get(reverse("accounts:account"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


@pytest.mark.django_db
def test_account_page_shows_the_user(candidate_client, candidate):
    html = candidate_client.get(reverse("accounts:account")).content.decode()

    assert candidate.email in html
