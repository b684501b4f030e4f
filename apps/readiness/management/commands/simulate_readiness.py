import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.readiness import simulation, simulation_report


class Command(BaseCommand):
    help = (
        "Test the readiness model's robustness by simulation on the real bank, scenario by scenario "
        "(docs/readiness.md records the figures and the command lines)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--candidates", type=int, default=500, help="Test candidates per scenario.")
        parser.add_argument("--train", type=int, default=400, help="Training candidates.")
        parser.add_argument("--train-answers", type=int, help="The most a training candidate answers (all).")
        parser.add_argument("--train-min-answers", type=int, default=simulation.TRAIN_MIN_ANSWERS,
                            help="The fewest a training candidate answers.")  # fmt: skip
        parser.add_argument("--adaptive-candidates", type=int, default=200, help="Of the test candidates.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scenarios", default=",".join(simulation.SCENARIOS), help="Comma-separated.")
        parser.add_argument("--prior", choices=["learned", "default"], default="learned",
                            help="default: the prior before there are enough candidates.")  # fmt: skip
        parser.add_argument(
            "--no-before", action="store_true", help="Leave out the estimator before this one."
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Everything as one JSON object."
        )
        parser.add_argument(
            "--tables-from", type=Path, metavar="JSON",
            help="Simulate nothing: print the tables of docs/readiness.md from a saved --json run.",
        )  # fmt: skip

    def handle(
        self, *, scenarios: str, as_json: bool, no_before: bool, tables_from: Path | None, **options
    ) -> None:
        if tables_from is not None:
            for line in simulation_report.markdown_tables(_read(tables_from)):
                self.stdout.write(line)
            return
        names = [name for name in scenarios.split(",") if name]
        if unknown := set(names) - set(simulation.SCENARIOS):
            raise CommandError(f"Unknown scenario(s): {', '.join(sorted(unknown))}.")
        fixtures = settings.BASE_DIR / "fixtures"
        bank = simulation.bank_from_fixtures(
            _read(fixtures / "role_profile.json"), _read(fixtures / "questions.json")
        )
        started = time.perf_counter()
        result = simulation.run(
            bank, scenarios=names, before=not no_before, candidates=options["candidates"], train=options["train"],
            train_answers=options["train_answers"], train_min_answers=options["train_min_answers"],
            adaptive_candidates=options["adaptive_candidates"],
            seed=options["seed"], prior=options["prior"],
        )  # fmt: skip
        result["seconds"] = round(time.perf_counter() - started)
        if as_json:
            self.stdout.write(json.dumps(result, indent=2))
            return
        for line in simulation.report_lines(result):
            self.stdout.write(line)


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))
