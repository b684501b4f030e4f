"""factory-boy factories for every model; questions come with valid options for their kind."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.accounts.models import User
from apps.attempts.models import Answer, Bookmark, QuizSession, ReviewCard, SessionQuestion
from apps.competencies.models import Area, CareerStage, Competency, Indicator, RoleProfile, StageRequirement
from apps.mentoring.models import Cohort, Comment, InvitationLink, Mentorship, PracticePlan
from apps.questions.models import Choice, ProblemReport, Question
from apps.readiness.models import TargetStage

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"candidate{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class RoleProfileFactory(DjangoModelFactory):
    class Meta:
        model = RoleProfile
        django_get_or_create = ("slug",)

    slug = "test-role"
    name = "Test role"


class CareerStageFactory(DjangoModelFactory):
    class Meta:
        model = CareerStage

    profile = factory.SubFactory(RoleProfileFactory)
    slug = factory.Sequence(lambda n: f"stage-{n}")
    name = factory.Sequence(lambda n: f"Stage {n}")
    order = factory.Sequence(lambda n: n + 1)


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    profile = factory.SubFactory(RoleProfileFactory)
    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Area {n}")
    order = factory.Sequence(lambda n: n + 1)


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency

    area = factory.SubFactory(AreaFactory)
    profile = factory.SelfAttribute("area.profile")
    slug = factory.Sequence(lambda n: f"competency-{n}")
    name = factory.Sequence(lambda n: f"Competency {n}")
    description = "Something worth practising."
    order = factory.Sequence(lambda n: n + 1)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    competency = factory.SubFactory(CompetencyFactory)
    text = "Does the thing well."
    order = factory.Sequence(lambda n: n + 1)


class StageRequirementFactory(DjangoModelFactory):
    class Meta:
        model = StageRequirement

    stage = factory.SubFactory(CareerStageFactory)
    competency = factory.SubFactory(
        CompetencyFactory, area__profile=factory.SelfAttribute("...stage.profile")
    )
    target_level = 3
    weight = 3


class QuestionFactory(DjangoModelFactory):
    """A published single-choice question with three options, the second one correct."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"question-{n}")
    competency = factory.SubFactory(CompetencyFactory)
    kind = Question.Kind.SINGLE
    stem = factory.Sequence(lambda n: f"Which option is right in case {n}?")
    difficulty = 3
    explanation = "The second option is right because it is. The first is tempting but wrong."
    references = factory.LazyFunction(lambda: ["RFC 9110, HTTP Semantics, section 9.2.2"])
    status = Question.Status.PUBLISHED

    @factory.post_generation
    def options(question, create, extracted, **kwargs):
        """Pass `options=[...]` as (text, correct, score) tuples, or get a default set for the kind."""
        if not create:
            return
        for position, (text, correct, score) in enumerate(extracted or _default_options(question.kind), 1):
            ChoiceFactory(question=question, position=position, text=text, is_correct=correct, score=score)


def _default_options(kind: str) -> list[tuple]:
    match kind:
        case Question.Kind.SINGLE:
            return [("Option A", False, None), ("Option B", True, None), ("Option C", False, None)]
        case Question.Kind.MULTIPLE:
            return [("A", True, None), ("B", True, None), ("C", False, None), ("D", False, None)]
        case Question.Kind.TRUE_FALSE:
            return [("True", True, None), ("False", False, None)]
        case Question.Kind.JUDGEMENT:
            return [
                ("Escalate", False, "0.30"),
                ("Talk to them", False, "1.00"),
                ("Ignore it", False, "0.00"),
            ]
    return []


class ChoiceFactory(DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, options=[])
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Option {n}")
    is_correct = False
    rationale = "Because of how it works."


class TargetStageFactory(DjangoModelFactory):
    class Meta:
        model = TargetStage

    user = factory.SubFactory(UserFactory)
    stage = factory.SubFactory(CareerStageFactory)


class QuizSessionFactory(DjangoModelFactory):
    """An open practice session; pass `questions=[...]` to lay out its slots."""

    class Meta:
        model = QuizSession
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    mode = QuizSession.Mode.PRACTICE
    scope = QuizSession.Scope.COMPETENCY
    question_count = 1
    started_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def questions(session, create, extracted, **kwargs):
        if create and extracted:
            for position, question in enumerate(extracted, 1):
                SessionQuestionFactory(session=session, position=position, question=question)
            session.question_count = len(extracted)
            session.save(update_fields=["question_count"])


class SessionQuestionFactory(DjangoModelFactory):
    class Meta:
        model = SessionQuestion

    session = factory.SubFactory(QuizSessionFactory)
    position = factory.Sequence(lambda n: n + 1)
    question = factory.SubFactory(QuestionFactory)


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    slot = factory.SubFactory(SessionQuestionFactory)
    session = factory.SelfAttribute("slot.session")
    user = factory.SelfAttribute("slot.session.user")
    question = factory.SelfAttribute("slot.question")
    question_version = 1
    selected = factory.LazyFunction(lambda: [2])
    score = 1
    confidence = Answer.Confidence.FAIRLY_SURE
    time_taken = timedelta(seconds=30)
    answered_at = factory.LazyFunction(timezone.now)


class ReviewCardFactory(DjangoModelFactory):
    class Meta:
        model = ReviewCard

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)
    due = factory.LazyFunction(timezone.now)
    fsrs_state = factory.LazyFunction(dict)
    reviews = 1  # a card exists because its question was answered: once, and right
    right = 1
    last_reviewed_at = factory.LazyFunction(timezone.now)


class BookmarkFactory(DjangoModelFactory):
    class Meta:
        model = Bookmark

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)


class ProblemReportFactory(DjangoModelFactory):
    class Meta:
        model = ProblemReport

    question = factory.SubFactory(QuestionFactory)
    reporter = factory.SubFactory(UserFactory)
    question_version = 1
    text = "Option B is also defensible."


class MentorshipFactory(DjangoModelFactory):
    """An active mentorship."""

    class Meta:
        model = Mentorship

    candidate = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(UserFactory)
    status = Mentorship.Status.ACTIVE
    started_at = factory.LazyFunction(timezone.now)


class PracticePlanFactory(DjangoModelFactory):
    class Meta:
        model = PracticePlan
        skip_postgeneration_save = True

    mentorship = factory.SubFactory(MentorshipFactory)
    question_count = 5
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    created_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def competencies(plan, create, extracted, **kwargs):
        if create and extracted:
            plan.competencies.set(extracted)


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    mentorship = factory.SubFactory(MentorshipFactory)
    answer = factory.SubFactory(
        AnswerFactory, slot__session__user=factory.SelfAttribute("....mentorship.candidate")
    )
    author = factory.SelfAttribute("mentorship.mentor")
    text = "Good structure; say more about retries."


class InvitationLinkFactory(DjangoModelFactory):
    class Meta:
        model = InvitationLink

    candidate = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    mentor = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
