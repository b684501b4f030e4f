from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.competencies.yamlsource import SourceError
from apps.questions.fixture_build import build_fixtures


class Command(BaseCommand):
    help = "Build fixtures/*.json from the hand-written sources in fixtures/source/."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fixtures-dir", type=Path, default=settings.BASE_DIR / "fixtures")
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; fail if the fixtures are not up to date."
        )

    def handle(self, *, fixtures_dir: Path, check: bool, **options) -> None:
        try:
            outputs = build_fixtures(fixtures_dir / "source")
        except SourceError as error:
            raise CommandError(f"{error}\nNothing was written.") from error
        stale = [name for name, text in outputs.items() if _read(fixtures_dir / name) != text]
        if check:
            if stale:
                raise CommandError(f"Out of date: {', '.join(stale)}. Run `manage.py build_fixtures`.")
            self.stdout.write("Fixtures are up to date.")
            return
        for name in stale:
            (fixtures_dir / name).write_text(outputs[name], encoding="utf-8")
        unchanged = len(outputs) - len(stale)
        self.stdout.write(f"Wrote {len(stale)} fixture file(s), {unchanged} already up to date.")


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None
