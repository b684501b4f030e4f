import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import (
    AreaFactory,
    CareerStageFactory,
    CompetencyFactory,
    RoleProfileFactory,
    StageRequirementFactory,
)


@pytest.mark.django_db
def test_competency_slugs_are_unique_within_a_profile():
    first = CompetencyFactory(slug="web-apis")

    with pytest.raises(IntegrityError):
        CompetencyFactory(slug="web-apis", area=AreaFactory(profile=first.profile))


@pytest.mark.django_db
def test_the_same_slug_may_be_used_by_another_profile():
    CompetencyFactory(slug="web-apis")
    other = RoleProfileFactory(slug="other-role")

    assert CompetencyFactory(slug="web-apis", area=AreaFactory(profile=other)).pk


@pytest.mark.django_db
def test_stages_have_one_place_each_on_the_ladder():
    stage = CareerStageFactory(order=1)

    with pytest.raises(IntegrityError):
        CareerStageFactory(order=1, profile=stage.profile)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("target_level", 0), ("target_level", 6), ("weight", 0), ("weight", 6)]
)
def test_requirement_levels_and_weights_stay_in_range(field, value):
    with pytest.raises(IntegrityError):
        StageRequirementFactory(**{field: value})


@pytest.mark.django_db
def test_a_competency_is_required_once_per_stage():
    requirement = StageRequirementFactory()

    with pytest.raises(IntegrityError):
        StageRequirementFactory(stage=requirement.stage, competency=requirement.competency)


@pytest.mark.django_db
def test_a_requirement_cannot_mix_profiles():
    requirement = StageRequirementFactory.build(
        stage=CareerStageFactory(),
        competency=CompetencyFactory(area=AreaFactory(profile=RoleProfileFactory(slug="x"))),
    )

    with pytest.raises(ValidationError, match="different role profiles"):
        requirement.full_clean()
