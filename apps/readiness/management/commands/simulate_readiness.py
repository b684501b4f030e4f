import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.readiness import simulation


class Command(BaseCommand):
    help = (
        "Validate the readiness model by simulation on the real bank (docs/readiness.md records the figures)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--candidates", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--stage", default="senior-ai-backend-engineer", help="The stage for the adaptive run."
        )

    def handle(self, *, candidates: int, seed: int, stage: str, **options) -> None:
        fixtures = settings.BASE_DIR / "fixtures"
        bank = simulation.bank_from_fixtures(
            json.loads((fixtures / "role_profile.json").read_text()),
            json.loads((fixtures / "questions.json").read_text()),
        )
        started = time.perf_counter()
        report = simulation.run(bank, candidates=candidates, seed=seed, adaptive_stage=stage)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"({time.perf_counter() - started:.0f} s, seed {seed})")
