from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from apps.attempts.models import Answer, ItemStatistics
from apps.competencies.models import RoleProfile
from apps.questions.models import Question
from apps.readiness import irt
from apps.readiness.models import CompetencyAbility
from apps.readiness.services import beliefs_rebuild, item_for, population_prior_learn


class Command(BaseCommand):
    help = (
        "Nightly: re-estimate the difficulty of every question with at least "
        f"{irt.MIN_CALIBRATION_ANSWERS} first answers, learn the population prior once "
        f"{irt.MIN_PRIOR_CANDIDATES} candidates have {irt.MIN_PRIOR_ANSWERS} answers or more, and rebuild every "
        "candidate's estimates from their answers under both (docs/readiness.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--minimum", type=int, default=irt.MIN_CALIBRATION_ANSWERS)

    def handle(self, *, minimum: int, **options) -> None:
        self._recalibrate_items(minimum)
        profile = RoleProfile.objects.order_by("pk").first()  # the profile every page uses
        if profile is None:
            return
        prior = population_prior_learn(profile=profile)
        if prior is None:
            self.stdout.write(
                f"Prior: fewer than {irt.MIN_PRIOR_CANDIDATES} candidates with {irt.MIN_PRIOR_ANSWERS} answers or "
                "more; the default prior stands."
            )
        else:
            self.stdout.write(
                f"Prior: learned from {prior.candidates} candidates in {prior.iterations} iterations: {prior}."
            )
        rebuilt = beliefs_rebuild(profile=profile, at=timezone.now())
        self.stdout.write(f"Rebuilt the estimates of {rebuilt} candidate(s) from their answers.")

    def _recalibrate_items(self, minimum: int) -> None:
        """Each difficulty from its first answers, then all of them shifted together to where their authors put
        them on average (irt.anchor_difficulties), in one transaction."""
        ready = ItemStatistics.objects.filter(attempts__gte=minimum).values_list("question_id", flat=True)
        questions = Question.objects.filter(pk__in=list(ready), kind__in=Question.CHOICE_KINDS)
        estimates, authored, before = {}, {}, {}
        for question in questions.prefetch_related("choices"):
            answers = self._answers(question)
            if len(answers) >= minimum:
                item = item_for(question)
                authored[question.slug] = irt.difficulty_to_b(question.difficulty)
                estimates[question.slug] = irt.calibrate_difficulty(
                    answers, item, prior_b=authored[question.slug]
                )
                before[question.slug] = item.b
        anchored = irt.anchor_difficulties(estimates, authored)
        with transaction.atomic():
            for slug, new_b in anchored.items():
                Question.objects.filter(slug=slug).update(irt_b=round(new_b, 4))
                self.stdout.write(f"{slug}: b {before[slug]:+.2f} -> {new_b:+.2f}")
        self.stdout.write(f"Recalibrated {len(anchored)} question(s).")

    @staticmethod
    def _answers(question: Question) -> list[tuple[float, float, float]]:
        """(the respondent's current ability estimate on the competency, its variance, score) for each
        respondent's first answer."""
        first: dict[int, float] = {}
        for user_id, score in (
            Answer.objects.filter(question=question, score__isnull=False)
            .order_by("answered_at")
            .values_list("user_id", "score")
        ):
            first.setdefault(user_id, float(score))
        abilities = defaultdict(irt.prior_ability)
        abilities.update(
            (user_id, (theta, variance))
            for user_id, theta, variance in CompetencyAbility.objects.filter(
                competency_id=question.competency_id, user_id__in=first
            ).values_list("user_id", "theta", "variance")
        )
        return [(*abilities[user_id], score) for user_id, score in first.items()]
