"""Log-in throttling (and the password checks throttled with it), the security log, headers, error pages, and the
health check."""

import logging
import re
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

LOGIN = reverse("accounts:login")


def _attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_failures_lock_the_username_even_for_the_right_password(candidate, password):
    client = Client()
    answers = [
        _attempt(client, candidate.username, "wrong", address=f"10.0.0.{n}").status_code for n in range(5)
    ]

    locked = _attempt(client, candidate.username, password, address="10.0.9.9")

    assert answers == [200, 200, 200, 200, 429]  # the fifth failure already answers with the lock-out

    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_failures_from_one_address_lock_that_address(candidate, other_candidate, password):
    client = Client()
    for n in range(5):
        _attempt(client, f"nobody{n}", "wrong", address="10.1.1.1")

    assert _attempt(client, other_candidate.username, password, address="10.1.1.1").status_code == 429
    assert _attempt(Client(), other_candidate.username, password, address="10.2.2.2").status_code == 302


@pytest.mark.django_db
def test_fewer_failures_do_not_lock(candidate, password):
    client = Client()
    for _ in range(4):
        _attempt(client, candidate.username, "wrong")

    assert _attempt(client, candidate.username, password).status_code == 302


@pytest.mark.django_db
def test_logins_failures_and_lockouts_are_logged(candidate, password, caplog):
    caplog.set_level(logging.INFO)
    client = Client()
    _attempt(client, candidate.username, password)
    for _ in range(5):
        _attempt(Client(), candidate.username, "wrong", address="10.9.9.9")
    _attempt(Client(), candidate.username, password, address="10.9.9.9")

    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("login user=casey") for m in messages)
    assert any(m.startswith("login failed user=casey ip=10.9.9.9") for m in messages)
    assert any("locked out" in m.lower() for m in messages)


@pytest.mark.django_db
def test_refused_access_is_logged(candidate_client, caplog):
    caplog.set_level(logging.WARNING)

    candidate_client.get(reverse("attempts:question", args=[999, 1]))

    assert any(r.name == "django.request" and r.levelno == logging.WARNING for r in caplog.records)


@pytest.mark.django_db
def test_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get(reverse("home"), secure=True)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy  # noqa: PT018
    assert "frame-ancestors 'none'" in policy
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_healthz_reports_database_reachability(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}

    with mock.patch("config.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


# The password checks of signed-in pages count towards the same throttle as log-in: a stolen session must not
# become an unthrottled way to guess the password. Each row: the page, its form data for a given password, and
# the status of a plain wrong-password answer.
PASSWORD_CHECKS = {
    "delete": (reverse("accounts:delete"), lambda password: {"password": password}, 400),
    "password_change": (
        reverse("accounts:password_change"),
        lambda password: {
            "old_password": password,
            "new_password1": "a-new-fine-passphrase",
            "new_password2": "a-new-fine-passphrase",
        },
        200,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PASSWORD_CHECKS)
def test_wrong_passwords_in_a_password_check_lock_out_like_log_in(
    candidate_client, candidate, password, page
):
    url, form, wrong_status = PASSWORD_CHECKS[page]
    answers = [candidate_client.post(url, form(f"guess-{n}")).status_code for n in range(5)]

    locked = candidate_client.post(url, form(password))

    assert answers == [wrong_status] * 4 + [429]
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()  # the log-in's lock-out page
    candidate.refresh_from_db()
    assert candidate.check_password(password)  # neither deleted nor changed
    # One throttle: the username is now locked for log-in too, from anywhere.
    assert _attempt(Client(), candidate.username, password, address="10.7.7.7").status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("page", PASSWORD_CHECKS)
def test_fewer_wrong_passwords_in_a_password_check_do_not_lock(candidate_client, candidate, password, page):
    url, form, _ = PASSWORD_CHECKS[page]
    for n in range(4):
        candidate_client.post(url, form(f"guess-{n}"))

    assert candidate_client.post(url, form(password)).status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_in_a_password_check_is_logged_with_its_page(candidate_client, caplog):
    caplog.set_level(logging.INFO)

    candidate_client.post(reverse("accounts:delete"), {"password": "wrong"})

    messages = [record.getMessage() for record in caplog.records]
    assert "login failed user=casey ip=127.0.0.1 path=/accounts/delete/" in messages


@pytest.mark.django_db
def test_the_throttle_does_not_record_the_passwords_tried(candidate_client):
    url, form, _ = PASSWORD_CHECKS["password_change"]

    candidate_client.post(url, form("my-secret-guess"))

    recorded = AccessAttempt.objects.get().post_data
    assert "old_password" in recorded
    assert "my-secret-guess" not in recorded
    assert "a-new-fine-passphrase" not in recorded


# Error pages, under DEBUG off as in production: the site's header and style sheet, no inline code (strict CSP),
# and nothing of the exception, the path or the configuration.
def _looks_like_the_site(response) -> str:
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert "css/rungs.css" in html
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # only scripts from files
    return html


@pytest.mark.django_db
def test_not_found_page(candidate_client):
    response = candidate_client.get(reverse("attempts:question", args=[999, 1]))

    assert response.status_code == 404
    html = _looks_like_the_site(response)
    assert "Page not found" in html
    assert "matches the given query" not in html  # get_object_or_404 names the model


@pytest.mark.django_db
def test_forbidden_page(client):
    with mock.patch("config.views.render", side_effect=PermissionDenied("internal reason")):
        response = client.get(reverse("home"))

    assert response.status_code == 403
    html = _looks_like_the_site(response)
    assert "not allowed" in html
    assert "internal reason" not in html


@pytest.mark.django_db
def test_a_refused_form_token_gets_the_sites_forbidden_page(candidate, password):
    response = Client(enforce_csrf_checks=True).post(
        LOGIN, {"username": candidate.username, "password": password}
    )

    assert response.status_code == 403
    html = _looks_like_the_site(response)
    assert "reload the page" in html
    assert "CSRF cookie not set" not in html


@pytest.mark.django_db
def test_bad_request_page():
    response = Client().get(reverse("home"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    html = _looks_like_the_site(response)
    assert "could not understand" in html
    assert "evil.example" not in html and "ALLOWED_HOSTS" not in html  # noqa: PT018


@pytest.mark.django_db
def test_server_error_page():
    client = Client(raise_request_exception=False)
    with mock.patch("config.views.render", side_effect=RuntimeError("secret detail")):
        response = client.get(reverse("home"))

    assert response.status_code == 500
    html = _looks_like_the_site(response)
    assert "Something went wrong" in html
    assert "secret detail" not in html and "RuntimeError" not in html  # noqa: PT018


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"data": f"username={'x' * 2_000}&password=y", "content_type": "application/x-www-form-urlencoded"},
        {
            "data": {"username": "x" * 2_000, "password": "y"}
        },  # multipart, as the test client sends by default
    ],
    ids=["urlencoded", "multipart"],
)
def test_a_body_over_the_limit_is_refused_as_too_large(settings, body):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = Client().post(LOGIN, **body)

    assert response.status_code == 413
    html = _looks_like_the_site(response)
    assert "too large" in html
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" not in html
