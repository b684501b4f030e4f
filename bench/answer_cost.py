"""Where an answer's time goes: candidates from the scale data (bench/seed_scale.py) practise in-process, through
Django's test client on the database DATABASE_URL points at, and each step of the answer path is timed.

    DATABASE_URL=postgres://rungs:rungs@127.0.0.1:5432/rungs_scale .venv/bin/python bench/answer_cost.py
    ... bench/answer_cost.py --without-readiness    # the same with the readiness update skipped: what it costs

Prints the median milliseconds per call of each step, and the same for /healthz. No server and no network: this
is the application's own cost, the part that load.py's throughput divides among the cores. Figures:
docs/performance.md.
"""

import argparse
import functools
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

from bench.answering import answer_for

django.setup()

from django.test import Client  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.attempts import services as attempts_services  # noqa: E402
from apps.attempts import views as attempts_views  # noqa: E402
from apps.readiness import services as readiness_services  # noqa: E402

TIMINGS: dict[str, list[float]] = defaultdict(list)
clock = (
    time.perf_counter
)  # --cpu: time.process_time, this process's CPU time, for comparisons on a busy machine
# (module, function, label): the steps of an answer, outermost first
STEPS = [
    (attempts_views, "answer_record", "  recording the answer (one transaction)"),
    (attempts_services, "_schedule_review", "    review card (FSRS)"),
    (attempts_services, "readiness_update_after_answer", "    readiness update (one door)"),
    (readiness_services, "_store_abilities", "      abilities written"),
    (readiness_services, "_store_stage_readiness", "      stage readiness computed and written"),
    (readiness_services, "_confidence_tally_add", "      confidence tally"),
]


def timed(function, label: str):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = clock()
        try:
            return function(*args, **kwargs)
        finally:
            TIMINGS[label].append(clock() - started)

    return wrapper


def skip_readiness(*args, **kwargs) -> None:
    return None


def practise(client: Client, username: str) -> None:
    """One session of ten questions across the candidate's target stage, every question fetched and answered."""
    client.force_login(User.objects.get(username=username))
    started = client.post("/practice/start/", {"mode": "practice", "scope": "stage", "count": "10"})
    session = started["Location"].rstrip("/").rsplit("/", 1)[0]
    for position in range(1, 11):
        begun = clock()
        page = client.get(f"{session}/{position}/").content.decode()
        TIMINGS["GET a question"].append(clock() - begun)
        answer = answer_for(page)
        begun = clock()
        response = client.post(f"{session}/{position}/answer/", {**answer, "confidence": "fairly_sure"})
        TIMINGS["POST an answer"].append(clock() - begun)
        if response.status_code != 302:
            raise RuntimeError(f"the answer was refused with {response.status_code}")
    begun = clock()
    client.get("/healthz")
    TIMINGS["GET /healthz (the minimal view)"].append(clock() - begun)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--candidates", type=int, default=10, help="each practises one session of 10 questions"
    )
    parser.add_argument(
        "--first", type=int, default=5000, help="number of the first scale candidate (loadNNNNN)"
    )
    parser.add_argument(
        "--without-readiness", action="store_true", help="skip the readiness update (counterfactual)"
    )
    parser.add_argument(
        "--cpu", action="store_true",
        help="CPU time of this process instead of wall time: compares versions fairly while other work runs, "
        "on SQLite (in-process); a database server's work is not counted",
    )  # fmt: skip
    args = parser.parse_args()
    global clock
    if args.cpu:
        clock = time.process_time

    for module, name, label in STEPS:
        setattr(module, name, timed(getattr(module, name), label))
    if args.without_readiness:
        attempts_services.readiness_update_after_answer = skip_readiness
    client = Client()
    practise(client, f"load{args.first - 1:05d}")  # warm-up: templates compiled, caches filled; not counted
    TIMINGS.clear()
    for n in range(args.first, args.first + args.candidates):
        practise(client, f"load{n:05d}")

    order = [
        "GET /healthz (the minimal view)",
        "GET a question",
        "POST an answer",
        *(label for *_, label in STEPS),
    ]
    print(
        f"{args.candidates} candidates x 10 answers, in-process"
        + (", readiness skipped" if args.without_readiness else "")
    )
    for label in order:
        if TIMINGS[label]:
            print(
                f"{label:45s} {1000 * statistics.median(TIMINGS[label]):7.2f} ms median ({len(TIMINGS[label])} calls)"
            )


if __name__ == "__main__":
    main()
