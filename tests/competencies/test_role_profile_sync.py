import copy
import json

import pytest
from django.conf import settings

from apps.competencies.models import Competency, Indicator, StageRequirement
from apps.competencies.services import role_profile_sync


@pytest.fixture
def profile_data() -> dict:
    return json.loads((settings.BASE_DIR / "fixtures" / "role_profile.json").read_text())


@pytest.mark.django_db
def test_loading_creates_the_whole_profile(profile_data):
    report = role_profile_sync(data=profile_data)

    assert report[("competencies", "created")] == 31
    assert Competency.objects.measured().count() == 28
    assert StageRequirement.objects.count() == sum(
        len(c["requirements"]) for a in profile_data["areas"] for c in a["competencies"]
    )


@pytest.mark.django_db
def test_a_second_load_writes_nothing(profile_data, django_assert_max_num_queries):
    role_profile_sync(data=profile_data)

    report = role_profile_sync(data=profile_data)

    assert not report.changed()


@pytest.mark.django_db
def test_a_changed_source_updates_and_prunes(profile_data):
    role_profile_sync(data=profile_data)
    changed = copy.deepcopy(profile_data)
    soft_skill = changed["areas"][-1]["competencies"][0]
    soft_skill["name"] = "Talking and listening"
    soft_skill["indicators"] = soft_skill["indicators"][:1]
    soft_skill["requirements"] = soft_skill["requirements"][1:]

    report = role_profile_sync(data=changed)

    competency = Competency.objects.get(slug=soft_skill["slug"])
    assert competency.name == "Talking and listening"
    assert Indicator.objects.filter(competency=competency).count() == 1
    assert competency.requirements.count() == len(soft_skill["requirements"])
    assert report[("indicators", "deleted")] == 1
    assert report[("stage requirements", "deleted")] == 1
