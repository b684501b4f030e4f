import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.competencies.services import role_profile_sync
from apps.questions.fixture_build import QUESTIONS_FIXTURE, ROLE_PROFILE_FIXTURE
from apps.questions.services import question_bank_sync, stored_markdown_refresh


class Command(BaseCommand):
    help = (
        "Load the role profile and the question bank from fixtures/*.json, and render again what a new Markdown "
        "renderer left stale; a second run changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fixtures-dir", type=Path, default=settings.BASE_DIR / "fixtures")

    def handle(self, *, fixtures_dir: Path, **options) -> None:
        profile = role_profile_sync(data=_read_json(fixtures_dir / ROLE_PROFILE_FIXTURE))
        self.stdout.write(f"Role profile: {profile.summary()}")
        questions = question_bank_sync(
            data=_read_json(fixtures_dir / QUESTIONS_FIXTURE), source_name=f"fixtures/{QUESTIONS_FIXTURE}"
        )
        self.stdout.write(f"Question bank: {questions.summary()}")
        self.stdout.write(f"Stored Markdown: {stored_markdown_refresh()} rows rendered again")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"{path} is missing; run `manage.py build_fixtures` first.") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
