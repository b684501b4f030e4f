from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from apps.attempts.models import ItemStatistics, Response
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
        ready = ItemStatistics.objects.filter(attempts__gte=minimum).values_list("question_id", flat=True)
        questions = Question.objects.filter(
            pk__in=list(ready), kind__in=Question.CHOICE_KINDS
        ).prefetch_related("choices")
        changed = 0
        for question in questions:
            answers = self._answers(question)
            if len(answers) < minimum:
                continue
            item = item_for(question)
            prior = irt.difficulty_to_b(question.difficulty)
            new_b = irt.calibrate_difficulty(answers, item, prior_b=prior)
            with transaction.atomic():
                Question.objects.filter(pk=question.pk).update(irt_b=round(new_b, 4))
            changed += 1
            self.stdout.write(f"{question.slug}: b {item.b:+.2f} -> {new_b:+.2f} from {len(answers)} answers")
        self.stdout.write(f"Recalibrated {changed} question(s).")

    @staticmethod
    def _answers(question: Question) -> list[tuple[float, float, float]]:
        """(the respondent's current ability estimate on the competency, its variance, score) for each
        respondent's first answer."""
        first: dict[int, float] = {}
        for user_id, score in (
            Response.objects.filter(question=question, score__isnull=False)
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
