from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from apps.attempts.items import StoredAnswers, first_answers, item_facts, item_statistics_rebuild
from apps.attempts.models import ItemStatistics
from apps.competencies.models import RoleProfile
from apps.questions.models import Question
from apps.readiness import irt
from apps.readiness.services import beliefs_rebuild, difficulties_recalibrate, population_prior_learn


class Command(BaseCommand):
    help = (
        "Nightly: rebuild every question's item statistics (facility, discrimination, time) from its first answers, "
        "re-estimate the difficulty of every question with at least "
        f"{irt.MIN_CALIBRATION_ANSWERS} first answers, learn the population prior once "
        f"{irt.MIN_PRIOR_CANDIDATES} candidates have {irt.MIN_PRIOR_ANSWERS} answers or more, and rebuild every "
        "candidate's estimates from their answers under both (docs/readiness.md). The maths is readiness's "
        "(apps/readiness/services.py); this command hands it the questions and answers attempts stores."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--minimum", type=int, default=irt.MIN_CALIBRATION_ANSWERS)

    def handle(self, *, minimum: int, **options) -> None:
        counted = item_statistics_rebuild()
        self.stdout.write(f"Item statistics: rebuilt for {counted} question(s) from their first answers.")
        self._recalibrate_items(minimum)
        profile = RoleProfile.objects.current()
        if profile is None:
            return
        prior = population_prior_learn(profile=profile, history=StoredAnswers())
        if prior is None:
            self.stdout.write(
                f"Prior: fewer than {irt.MIN_PRIOR_CANDIDATES} candidates with {irt.MIN_PRIOR_ANSWERS} answers or "
                "more; the default prior stands."
            )
        else:
            self.stdout.write(
                f"Prior: learned from {prior.candidates} candidates in {prior.iterations} iterations: {prior}."
            )
        rebuilt = beliefs_rebuild(profile=profile, history=StoredAnswers(), at=timezone.now())
        self.stdout.write(f"Rebuilt the estimates of {rebuilt} candidate(s) from their answers.")

    def _recalibrate_items(self, minimum: int) -> None:
        """The difficulty of every choice question with `minimum` first answers or more, stored in one transaction."""
        ready = ItemStatistics.objects.filter(attempts__gte=minimum).values_list("question_id", flat=True)
        questions = Question.objects.filter(pk__in=list(ready), kind__in=Question.CHOICE_KINDS)
        first = {}
        for question in questions.prefetch_related("choices"):
            scores = first_answers(question)
            if len(scores) >= minimum:
                first[question.slug] = (item_facts(question), scores)
        recalibrated = difficulties_recalibrate(first_answers=first)
        with transaction.atomic():
            for slug, (old_b, new_b) in recalibrated.items():
                Question.objects.filter(slug=slug).update(irt_b=round(new_b, 4))
                self.stdout.write(f"{slug}: b {old_b:+.2f} -> {new_b:+.2f}")
        self.stdout.write(f"Recalibrated {len(recalibrated)} question(s).")
