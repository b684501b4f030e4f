import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.competencies.yamlsource import SourceError
from apps.questions import difficulty_review as review
from apps.questions.fixture_build import build_fixtures

SOURCE = settings.BASE_DIR / "fixtures" / "source"
REVIEWS = settings.BASE_DIR / "docs" / "reviews" / "difficulty"


class Command(BaseCommand):
    help = (
        "Difficulty from two blind reviews: `sheet` writes what reviewers read (no labels), `apply` sets each "
        "label from the reviews in docs/reviews/difficulty/ (docs/authoring.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["sheet", "apply"])
        parser.add_argument("--out", type=Path, help="sheet: the folder to write the sheets to")
        parser.add_argument(
            "--batches", type=int, default=1, help="sheet: how many sheets to split the bank into"
        )

    def handle(self, *, action: str, out: Path | None, batches: int, **options) -> None:
        try:
            built = build_fixtures(SOURCE)
        except SourceError as error:
            raise CommandError(str(error)) from error
        profile = json.loads(built["role_profile.json"])
        questions = json.loads(built["questions.json"])["questions"]
        if action == "sheet":
            self._sheets(questions, {s["slug"]: s for s in profile["stages"]}, out, batches)
        else:
            self._apply()

    def _sheets(self, questions: list[dict], stages: dict, out: Path | None, batches: int) -> None:
        if out is None:
            raise CommandError(
                "Say where the sheets go: --out FOLDER (outside the repository: they are derived)."
            )
        out.mkdir(parents=True, exist_ok=True)
        scored = [q for q in questions if q["kind"] in review.SCORED_KINDS]
        for batch in range(batches):
            part = scored[batch::batches]
            (out / f"sheet-{batch + 1}.md").write_text(review.review_sheet(part, stages), encoding="utf-8")
            self.stdout.write(f"{out / f'sheet-{batch + 1}.md'}: {len(part)} items")

    def _apply(self) -> None:
        again = sorted(REVIEWS.glob("review-again-*.csv"))
        first = sorted(set(REVIEWS.glob("review-*.csv")) - set(again))
        # An item changed after its reviews is reviewed again, blind: the new pair decides its label and verdict.
        again_estimates = review.read_estimates(again)
        estimates = review.read_estimates(first) | again_estimates
        resolutions = review.read_resolutions(sorted(REVIEWS.glob("resolution-*.csv")))
        decisions, disputes = review.decide(estimates, resolutions)
        if disputes:
            raise CommandError(f"{len(disputes)} item(s) need a discussion first: {', '.join(disputes)}")
        labels = {d.qid: d.label for d in decisions}
        # A new item is published once two reviews set its label and neither sent it back to its author.
        blocked = (review.read_blocking(first) - set(again_estimates)) | review.read_blocking(again)
        publishable = set(labels) - blocked
        for path in sorted((SOURCE / "questions").glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            changed = review.publish(review.set_labels(text, labels), publishable)
            if changed != text:
                path.write_text(changed, encoding="utf-8")
        how = Counter(d.how for d in decisions)
        self.stdout.write(
            f"{len(decisions)} labels set: {how['agreed']} agreed, {how['discussed']} discussed; reviewed drafts "
            "that no reviewer sent back are published."
        )
