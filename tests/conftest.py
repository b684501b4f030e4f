"""Personas and fast settings shared by every test."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def candidate(db):
    return UserFactory(username="casey")


@pytest.fixture
def other_candidate(db):
    return UserFactory(username="olivia")


@pytest.fixture
def staff(db):
    return UserFactory(username="sam", is_staff=True, is_superuser=True)


@pytest.fixture
def candidate_client(client, candidate):
    client.force_login(candidate)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _load_fixture(name: str) -> dict:
    from django.conf import settings

    return json.loads((settings.BASE_DIR / "fixtures" / name).read_text(encoding="utf-8"))


@pytest.fixture
def role_profile(db):
    """The real AI Senior Backend Engineer profile, as `make run` loads it."""
    from apps.competencies.models import RoleProfile
    from apps.competencies.services import role_profile_sync

    role_profile_sync(data=_load_fixture("role_profile.json"))
    return RoleProfile.objects.get()


@pytest.fixture
def question_bank(role_profile):
    """The real question bank, loaded on top of the real profile."""
    from apps.questions.services import question_bank_sync

    question_bank_sync(data=_load_fixture("questions.json"), source_name="fixtures/questions.json")
    return role_profile


class FrozenClock:
    """A clock the test moves by hand: `clock.advance(minutes=31)`."""

    def __init__(self, start):
        self.current = start

    def __call__(self):
        return self.current

    def advance(self, **delta) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> FrozenClock:
    """Freeze the time that sessions, deadlines and reviews see."""
    from apps.attempts import clock as attempts_clock

    frozen = FrozenClock(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(attempts_clock, "now", frozen)
    return frozen


@pytest.fixture
def mentor(db):
    return UserFactory(username="maya")


@pytest.fixture
def mentorship(candidate, mentor):
    from tests.factories import MentorshipFactory

    return MentorshipFactory(candidate=candidate, mentor=mentor)


@pytest.fixture
def ex_mentor(candidate):
    from tests.factories import MentorshipFactory

    return MentorshipFactory(candidate=candidate, mentor=UserFactory(username="eli"), status="ended").mentor
