"""Log-in throttling, the security log, headers, and the health check."""

import logging
from unittest import mock

import pytest
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
