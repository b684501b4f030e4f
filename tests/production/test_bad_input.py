"""Arbitrary form data and ids sent to every POST endpoint (property-based, with hypothesis): never a server
error, and a request that is refused (4xx) changes no row of any of the project's tables."""

import hashlib
import json

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.production.test_access_matrix import MATRIX, world  # noqa: F401  (the fixture)

POST_ENDPOINTS = sorted(name for name, row in MATRIX.items() if row.method == "post")
FIELDS = ["choice", "confidence", "text", "rating", "covered", "mode", "scope", "competency", "area", "count", "minutes",
          "stage", "who", "share_open_answers", "question_count", "due_on", "note", "competencies", "cohort", "name",
          "password", "next"]  # fmt: skip
PROJECT_APPS = ("accounts", "competencies", "questions", "readiness", "attempts", "mentoring")

values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.sampled_from(["", "0", "-1", "1", "2", "99999999999999999999", "certain", "practice", "mock", "adaptive",
                     "stage", "competency", "web-apis", "1e309", "NaN", "' OR 1=1 --", "<script>", "\x00", "2026-02-30"]),
)  # fmt: skip
form_data = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), st.lists(values, max_size=3), max_size=6
)


def _fingerprint() -> str:
    """Every row of every project table, hashed: equal fingerprints mean nothing changed."""
    digest = hashlib.sha256()
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            rows = list(model.objects.order_by("pk").values())
            digest.update(json.dumps(rows, default=str, sort_keys=True).encode())
    return digest.hexdigest()


def _post(client: Client, address: str, data: dict):
    flat = {key: value for key, value in data.items() if "\x00" not in key}
    return client.post(address, flat)


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_ENDPOINTS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=form_data, persona=st.sampled_from(["owner", "other", "mentor"]))
def test_arbitrary_form_data_never_breaks_anything(world, name, data, persona):  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(world["users"][persona])
    before = _fingerprint()

    response = _post(client, MATRIX[name].url(world), data)

    assert response.status_code < 500
    if 400 <= response.status_code < 500:
        assert _fingerprint() == before


ID_ENDPOINTS = {
    "attempts:answer": lambda i, j: reverse("attempts:answer", args=[i, j]),
    "attempts:grade": lambda i, j: reverse("attempts:grade", args=[i, j]),
    "attempts:stop": lambda i, j: reverse("attempts:stop", args=[i]),
    "attempts:bookmark": lambda i, j: reverse("attempts:bookmark", args=[i]),
    "mentoring:accept": lambda i, j: reverse("mentoring:accept", args=[i]),
    "mentoring:end": lambda i, j: reverse("mentoring:end", args=[i]),
    "mentoring:sharing": lambda i, j: reverse("mentoring:sharing", args=[i]),
    "mentoring:plan_start": lambda i, j: reverse("mentoring:plan_start", args=[i]),
    "mentoring:plan_create": lambda i, j: reverse("mentoring:plan_create", args=[i]),
    "mentoring:cohort_assign": lambda i, j: reverse("mentoring:cohort_assign", args=[i]),
    "mentoring:mentee_answer": lambda i, j: reverse("mentoring:mentee_answer", args=[i, j]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ID_ENDPOINTS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(min_value=0, max_value=2**31 - 1), second=st.integers(min_value=0, max_value=2**15),
       data=form_data)  # fmt: skip
def test_tampered_ids_are_refused_and_change_nothing(world, name, first, second, data):  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["other"])  # owns none of the objects any id could point at
    before = _fingerprint()

    response = _post(client, ID_ENDPOINTS[name](first, second), data)

    assert response.status_code in (302, 400, 404, 405, 409)
    if response.status_code != 302:
        assert _fingerprint() == before
