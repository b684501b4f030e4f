from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.competencies.yamlsource import SourceError
from apps.questions import bank_checks
from apps.questions.fixture_build import build_fixtures


class Command(BaseCommand):
    help = "Check the question bank in fixtures/source/ against the authoring rules (docs/authoring.md)."

    def handle(self, **options) -> None:
        import json

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
        problems = bank_checks.all_problems(questions, measured)
        for problem in problems:
            self.stdout.write(f"- {problem}")
        longest = bank_checks.correct_is_longest_ids(questions)
        self.stdout.write(
            f"{len(questions)} questions; correct option longest in: {', '.join(longest) or 'none'}"
        )
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the question bank.")
        self.stdout.write("The question bank meets the authoring rules.")
