import pytest

from apps.questions.models import Question
from tests.factories import (
    AreaFactory,
    CareerStageFactory,
    CompetencyFactory,
    QuestionFactory,
    StageRequirementFactory,
)


@pytest.fixture
def small_bank(db):
    """Three competencies of one area, each with five scored questions and a self-rating question, required
    by one stage: enough to see balance, no-repeat and every kind at work."""
    area = AreaFactory(slug="apis")
    stage = CareerStageFactory(slug="backend", profile=area.profile)
    competencies = [CompetencyFactory(area=area, slug=f"skill-{n}") for n in range(3)]
    kinds = ["single", "multiple", "true_false", "judgement", "open"]
    for competency in competencies:
        StageRequirementFactory(stage=stage, competency=competency)
        for kind in kinds:
            QuestionFactory(
                competency=competency,
                kind=kind,
                slug=f"{competency.slug}-{kind}",
                model_answer="Say A, B and C." if kind == "open" else "",
                key_points=["A", "B", "C"] if kind == "open" else [],
            )
        QuestionFactory(competency=competency, kind=Question.Kind.SELF_RATING, slug=f"{competency.slug}-self")
    return {"area": area, "stage": stage, "competencies": competencies}
