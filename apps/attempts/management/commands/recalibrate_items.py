from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.attempts.models import ItemStatistics, Response
from apps.questions.models import Question
from apps.readiness import irt
from apps.readiness.models import CompetencyAbility
from apps.readiness.services import item_for


class Command(BaseCommand):
    help = (
        "Re-estimate the difficulty of every question with at least "
        f"{irt.MIN_CALIBRATION_ANSWERS} first answers, from its answers and the respondents' current abilities."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--minimum", type=int, default=irt.MIN_CALIBRATION_ANSWERS)

    def handle(self, *, minimum: int, **options) -> None:
        ready = ItemStatistics.objects.filter(attempts__gte=minimum).values_list("question_id", flat=True)
        questions = Question.objects.filter(pk__in=list(ready)).prefetch_related("choices")
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
    def _answers(question: Question) -> list[tuple[float, float]]:
        """(current ability of the respondent on the competency, score) for each respondent's first answer."""
        first: dict[int, float] = {}
        for user_id, score in (
            Response.objects.filter(question=question, score__isnull=False)
            .order_by("answered_at")
            .values_list("user_id", "score")
        ):
            first.setdefault(user_id, float(score))
        abilities = defaultdict(lambda: irt.prior_ability()[0])
        abilities.update(
            CompetencyAbility.objects.filter(
                competency_id=question.competency_id, user_id__in=first
            ).values_list("user_id", "theta")
        )
        return [(abilities[user_id], score) for user_id, score in first.items()]
