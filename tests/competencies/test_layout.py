"""The profile's layout is read once per process and read again as soon as an admin changes the profile."""

import pytest
from django.urls import reverse

from apps.competencies.layout import layout_of
from apps.competencies.models import Competency, StageRequirement

DASHBOARD = reverse("attempts:dashboard")


@pytest.mark.django_db
def test_the_layout_is_read_once_and_kept(role_profile, django_assert_num_queries):
    first = layout_of(role_profile)

    with django_assert_num_queries(0):
        again = layout_of(role_profile)

    assert again is first
    assert [s.slug for s in first.stages] == list(
        role_profile.stages.order_by("order").values_list("slug", flat=True)
    )
    measured = Competency.objects.measured().filter(profile=role_profile).count()
    assert sum(len(group.measured) for group in first.areas) == measured


@pytest.mark.django_db
def test_a_renamed_competency_shows_on_the_next_dashboard(candidate_client, role_profile):
    candidate_client.get(DASHBOARD)  # the layout is now kept by this process
    competency = Competency.objects.get(profile=role_profile, slug="web-apis")
    competency.name = "HTTP APIs and their contracts"
    competency.save()

    html = candidate_client.get(DASHBOARD).content.decode()

    assert "HTTP APIs and their contracts" in html


@pytest.mark.django_db
def test_a_changed_target_level_shows_on_the_next_dashboard(candidate_client, candidate, role_profile):
    from tests.factories import TargetStageFactory

    stage = role_profile.stages.order_by("order").first()
    TargetStageFactory(user=candidate, stage=stage)
    requirement = StageRequirement.objects.filter(stage=stage).select_related("competency").first()
    candidate_client.get(DASHBOARD)
    requirement.target_level = 5 if requirement.target_level != 5 else 4
    requirement.save()

    response = candidate_client.get(DASHBOARD)

    row = next(
        r
        for g in response.context["areas"]
        for r in g["rows"]
        if r["competency"].pk == requirement.competency_id
    )
    assert row["target_level"] == requirement.target_level
