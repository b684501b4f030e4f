import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_visitors_learn_what_rungs_does_and_how_to_start(client, question_bank):
    html = client.get(reverse("home")).content.decode()

    assert "Know how ready you are for the next rung." in html
    assert "AI Senior Backend Engineer" in html
    assert reverse("accounts:signup") in html
    assert "317 questions" in html or re.search(r"\d{3} questions", html)
    assert "Senior AI backend engineer" in html  # the ladder


@pytest.mark.django_db
def test_signed_in_users_go_to_their_practice_dashboard(candidate_client):
    assert candidate_client.get(reverse("home")).url == reverse("attempts:dashboard")


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get(reverse("accounts:signup")).content.decode()

    nonce = re.search(r"'nonce-([^']+)'", client.get(reverse("accounts:signup"))["Content-Security-Policy"])
    assert nonce
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, f"inline script: {tag}"
    assert "style=" not in html
    assert "<style" not in html
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js[^"]*"', html)


@pytest.mark.django_db
def test_home_refuses_posts(client):
    assert client.post(reverse("home")).status_code == 405
