import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.competencies.yamlsource import SourceError
from apps.questions import bank_audit, bank_checks
from apps.questions.fixture_build import build_fixtures


class Command(BaseCommand):
    help = (
        "Check the question bank in fixtures/source/ against the authoring rules (docs/authoring.md), "
        "including the stem-blind audit. Needs the dev dependencies (scikit-learn)."
    )

    def handle(self, **options) -> None:
        try:
            outputs = build_fixtures(settings.BASE_DIR / "fixtures" / "source")
        except SourceError as error:
            raise CommandError(str(error)) from error
        profile = json.loads(outputs["role_profile.json"])
        questions = json.loads(outputs["questions.json"])["questions"]
        measured = [
            c["slug"]
            for area in profile["areas"]
            for c in area["competencies"]
            if c["assessment"] == "measured"
        ]
        stages = [stage["slug"] for stage in profile["stages"]]
        required = {
            c["slug"]: [stages[r["stage_order"] - 1] for r in c["requirements"]]
            for area in profile["areas"]
            for c in area["competencies"]
            if c["assessment"] == "measured"
        }
        try:
            audit = bank_audit.audit(questions)
        except ImportError as error:
            raise CommandError(
                f"The stem-blind audit needs scikit-learn ({error}): install the dev dependencies with "
                "`pip install --group dev`."
            ) from error
        self.stdout.write(f"{len(questions)} questions.")
        for line in [*bank_checks.figures(questions, required), *audit.report_lines()]:
            self.stdout.write(line)
        problems = bank_checks.all_problems(questions, measured, stages, audit=audit, required=required)
        for problem in problems:
            self.stdout.write(f"- {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the question bank.")
        self.stdout.write("The question bank meets the authoring rules.")
