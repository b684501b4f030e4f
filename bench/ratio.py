"""What an answer costs in Rungs against the plainest correct quiz on the same stack: `make bench`.

    make bench                                                        # SQLite, a fresh var/bench.sqlite3
    DATABASE_URL=postgres://rungs:rungs@127.0.0.1:5432/rungs_bench make bench

Both quizzes run in this one process, through Django's test client, with Rungs' settings and middleware (DEBUG off)
and on the database DATABASE_URL names; the bench migrates it and seeds what it needs (the role profile, the question
bank, a candidate with a history, a mentor of ten candidates). Rounds of the two alternate, so that whatever else the
machine does falls on both. A round trip is the question page plus the answer POST: in Rungs with everything an
answer does (scoring, review card, readiness, statistics), in the minimal quiz one row stored. The last line is
`answer round trip: rungs <x> ms, minimal quiz <y> ms, ratio <y/x>`. Figures: docs/performance.md.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import warnings  # noqa: E402

import django  # noqa: E402

# Static files come through the finders, as in the tests: there is no collected folder to warn about.
warnings.filterwarnings("ignore", "No directory at", UserWarning)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.competencies.models import CareerStage  # noqa: E402
from apps.mentoring.models import Mentorship  # noqa: E402
from apps.readiness.services import target_stage_set  # noqa: E402
from bench.answering import answer_for  # noqa: E402

OPTION_VALUE = re.compile(r'name="choice" value="(\d+)"')
PAGES = {
    "practice dashboard": "/practice/",
    "readiness page": "/readiness/",
    "mentor dashboard": "/mentoring/",
}
PAGE_LIMIT = 3.0  # each page at most 3x the minimal quiz's question page (the Performance issue)


def seed() -> tuple[User, User]:
    """A fresh SQLite file, or the named database brought up to date and emptied, so that every run starts from the
    same state (a history left by an earlier run would make the pages slower); then the content and the people."""
    if connection.vendor == "sqlite":
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    # Then the minimal quiz's table (it has no migrations): after Rungs' tables, which it refers to.
    call_command("migrate", run_syncdb=True, verbosity=0)
    if connection.vendor != "sqlite":
        if "bench" not in connection.settings_dict["NAME"]:
            sys.exit(
                "make bench empties the database it runs on: give it one whose name says bench (rungs_bench)"
            )
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_content", verbosity=0)
    stage = CareerStage.objects.order_by("-order").first()
    mentor, _ = User.objects.get_or_create(
        username="bench-mentor", defaults={"email": "mentor@bench.invalid"}
    )
    candidates = []
    for n in range(10):
        user, _ = User.objects.get_or_create(
            username=f"bench-candidate-{n}", defaults={"email": f"c{n}@bench.invalid"}
        )
        target_stage_set(user=user, stage=stage)
        Mentorship.objects.get_or_create(
            candidate=user,
            mentor=mentor,
            defaults={"status": Mentorship.Status.ACTIVE, "started_at": timezone.now()},
        )
        candidates.append(user)
    return candidates[0], mentor


class RungsQuiz:
    """Practice sessions of ten on the candidate's target stage, as a candidate without JavaScript answers them."""

    def __init__(self, client: Client) -> None:
        self.client, self.session, self.position = client, None, 11

    def round_trip(self) -> float:
        if self.position > 10:
            started = self.client.post(
                "/practice/start/", {"mode": "practice", "scope": "stage", "count": "10"}
            )
            self.session, self.position = started["Location"].rstrip("/").rsplit("/", 1)[0], 1
        url = f"{self.session}/{self.position}/"
        begun = time.perf_counter()
        page = self.client.get(url).content.decode()
        answered = self.client.post(f"{url}answer/", {**answer_for(page), "confidence": "fairly_sure"})
        elapsed = time.perf_counter() - begun
        if answered.status_code != 302:
            raise RuntimeError(f"Rungs refused an answer with {answered.status_code}")
        self.position += 1
        return elapsed


class MinimalQuiz:
    def __init__(self, client: Client) -> None:
        from apps.questions.models import Question

        first = Question.objects.published().filter(kind="single").order_by("pk").first()
        self.client, self.url = client, f"/minimal/{first.pk}/"

    def round_trip(self) -> float:
        begun = time.perf_counter()
        page = self.client.get(self.url).content.decode()
        answered = self.client.post(f"{self.url}answer/", {"choice": OPTION_VALUE.search(page).group(1)})
        elapsed = time.perf_counter() - begun
        if answered.status_code != 302:
            raise RuntimeError(f"the minimal quiz refused an answer with {answered.status_code}")
        self.url = answered["Location"]
        return elapsed

    def page(self) -> float:
        begun = time.perf_counter()
        self.client.get(self.url)
        return time.perf_counter() - begun


def timed_get(client: Client, url: str) -> float:
    begun = time.perf_counter()
    if client.get(url).status_code != 200:
        raise RuntimeError(f"{url} did not answer 200")
    return time.perf_counter() - begun


def median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100, help="measured round trips of each quiz")
    parser.add_argument(
        "--history", type=int, default=100, help="answers the candidate gives before measuring"
    )
    args = parser.parse_args()

    candidate, mentor = seed()
    rungs_client, minimal_client, mentor_client = Client(), Client(), Client()
    rungs_client.force_login(candidate)
    minimal_client.force_login(candidate)
    mentor_client.force_login(mentor)
    rungs, minimal = RungsQuiz(rungs_client), MinimalQuiz(minimal_client)
    for _ in range(args.history):  # a history, and warm caches and compiled templates for both
        rungs.round_trip()
        minimal.round_trip()

    samples: dict[str, list[float]] = {"rungs": [], "minimal": [], "minimal page": []}
    samples.update({name: [] for name in PAGES})
    for n in range(args.answers):
        samples["rungs"].append(rungs.round_trip())
        samples["minimal"].append(minimal.round_trip())
        if n % 4 == 0:  # pages change with each answer: read them as the quiz goes on
            samples["minimal page"].append(minimal.page())
            for name, url in PAGES.items():
                client = mentor_client if name == "mentor dashboard" else rungs_client
                samples[name].append(timed_get(client, url))

    page_ms = median_ms(samples["minimal page"])
    print(f"database: {connection.vendor}; {args.answers} answers each, after a history of {args.history}")
    print(f"minimal quiz question page       {page_ms:7.2f} ms")
    for name in PAGES:
        ms = median_ms(samples[name])
        verdict = "ok" if ms <= PAGE_LIMIT * page_ms else f"over {PAGE_LIMIT:.0f}x"
        print(f"{name:32s} {ms:7.2f} ms  {ms / page_ms:4.1f}x the minimal page ({verdict})")
    rungs_ms, minimal_ms = median_ms(samples["rungs"]), median_ms(samples["minimal"])
    print(
        f"answer round trip: rungs {rungs_ms:.1f} ms, minimal quiz {minimal_ms:.1f} ms, ratio {minimal_ms / rungs_ms:.2f}"
    )


if __name__ == "__main__":
    main()
