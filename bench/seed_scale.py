"""Scale data on PostgreSQL: 10,000 candidates, 1,000,000 answers, 1,000 questions, with their sessions, review
cards, estimates, readiness and 10 days of snapshots each.

    DATABASE_URL=postgres://rungs:rungs@127.0.0.1:5432/rungs_scale DEBUG=true .venv/bin/python bench/seed_scale.py

Rows go in with COPY, so it takes minutes, not hours (figures in docs/performance.md). Candidates are named
load00000 .. load09999, all with the password `load-test-password`. Run it on an empty, migrated database.
"""

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.attempts import spacing  # noqa: E402
from apps.competencies.models import CareerStage, Competency  # noqa: E402
from apps.questions.models import Choice, Question  # noqa: E402

USERS = int(os.environ.get("SCALE_USERS", 10_000))
ANSWERS_PER_USER = int(os.environ.get("SCALE_ANSWERS_PER_USER", 100))
QUESTIONS = 1_000
SESSION_LENGTH = 10
SNAPSHOT_DAYS = 10
PASSWORD = "load-test-password"


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("seed_scale.py needs PostgreSQL (DATABASE_URL=postgres://...).")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    questions = _fill_bank()
    step("bank", started)
    _copy_users()
    step("users", started)
    _copy_history(questions)
    step("sessions, answers", started)
    _copy_estimates()
    step("estimates, readiness, snapshots", started)
    _reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("done", started)


def step(name: str, started: float) -> None:
    print(f"{time.perf_counter() - started:7.1f} s  {name}", flush=True)


def _fill_bank() -> list[tuple[int, int]]:
    """Synthetic single-choice questions until the bank holds 1,000; returns (question id, version) of scored ones."""
    rng = random.Random(1)
    competencies = list(Competency.objects.measured())
    stages = list(CareerStage.objects.all())
    missing = QUESTIONS - Question.objects.count()
    new = Question.objects.bulk_create(
        Question(
            slug=f"scale-{n:04d}",
            competency=rng.choice(competencies),
            kind="single",
            difficulty=rng.randint(1, 5),
            stage=rng.choice(stages),
            stem=f"Synthetic question {n} for load tests?",
            status="published",
            explanation="Synthetic. For load tests only.",
            references=["None"],
        )
        for n in range(missing)
    )
    Choice.objects.bulk_create(
        Choice(question=q, position=p, text=f"Option {p}", is_correct=p == 2, rationale="Synthetic.")
        for q in new
        for p in (1, 2, 3, 4)
    )
    return list(Question.objects.published().scored().values_list("pk", "version"))


def _copy_users() -> None:
    hashed = make_password(PASSWORD)
    now = timezone.now()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) FROM STDIN"
        ) as copy,
    ):
        for n in range(USERS):
            copy.write_row(
                (hashed, False, f"load{n:05d}", "", "", f"load{n:05d}@load.invalid", False, True, now)
            )


def _user_ids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_user WHERE username LIKE 'load%%' ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def _copy_history(questions: list[tuple[int, int]]) -> None:
    """Sessions of 10 answers each, spread over the last 30 days."""
    rng = random.Random(2)
    now = timezone.now()
    users = _user_ids()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM attempts_quizsession")
        session_id = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM attempts_sessionquestion")
        slot_id = cursor.fetchone()[0]
    sessions, slots, responses = [], [], []
    cards: dict[tuple[int, int], list] = {}  # (user, question): [answers, right ones, last answered]
    for user in users:
        for _ in range(ANSWERS_PER_USER // SESSION_LENGTH):
            session_id += 1
            started = now - timedelta(days=rng.uniform(0, 30))
            sessions.append((session_id, user, "practice", "stage", SESSION_LENGTH, started, started + timedelta(minutes=8),
                             "completed", SESSION_LENGTH, 0))  # fmt: skip
            for position, (question, version) in enumerate(rng.sample(questions, SESSION_LENGTH), 1):
                slot_id += 1
                right = rng.random() < 0.6
                answered = started + timedelta(seconds=40 * position)
                slots.append(  # options in the author's order (an empty choice_order)
                    (slot_id, session_id, position, question, answered - timedelta(seconds=35), version, "[]")
                )
                responses.append((session_id, slot_id, user, question, version, json.dumps([2 if right else 1]), "",
                                  1 if right else 0, "fairly_sure", timedelta(seconds=35), answered))  # fmt: skip
                card = cards.setdefault((user, question), [0, 0, answered])
                card[0], card[1], card[2] = card[0] + 1, card[1] + right, max(card[2], answered)
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY attempts_quizsession (id, user_id, mode, scope, question_count, started_at, finished_at, ending, answered_count, score_total) FROM STDIN"
        ) as copy:
            for row in sessions:
                copy.write_row(row)
        with cursor.copy(
            "COPY attempts_sessionquestion (id, session_id, position, question_id, shown_at, shown_version, choice_order) FROM STDIN"
        ) as copy:
            for row in slots:
                copy.write_row(row)
        with cursor.copy(
            "COPY attempts_answer (session_id, slot_id, user_id, question_id, question_version, selected, text, score, confidence, time_taken, answered_at) FROM STDIN"
        ) as copy:
            for row in responses:
                copy.write_row(row)
    _copy_review_cards(cards)


def _copy_review_cards(cards: dict[tuple[int, int], list]) -> None:
    """One review card per question a candidate answered, due two days after the last answer."""
    template, _ = spacing.next_review(None, spacing.Rating.Good, timezone.now())
    with (
        connection.cursor() as cursor,
        cursor.copy(
            'COPY attempts_reviewcard (user_id, question_id, due, fsrs_state, reviews, "right", last_reviewed_at) FROM STDIN'
        ) as copy,
    ):
        for (user, question), (answers, right, last) in cards.items():
            due = last + timedelta(days=2)
            state = {**template, "due": due.isoformat(), "last_review": last.isoformat()}
            copy.write_row((user, question, due, json.dumps(state), answers, right, last))


def _copy_estimates() -> None:
    rng = random.Random(3)
    users = _user_ids()
    competencies = list(Competency.objects.measured().values_list("pk", "slug"))
    stages = list(CareerStage.objects.values_list("pk", "slug"))
    target = stages[2][0]
    now = timezone.now()
    today = timezone.localdate()
    with connection.cursor() as cursor:
        with cursor.copy("COPY readiness_targetstage (user_id, stage_id, updated_at) FROM STDIN") as copy:
            for user in users:
                copy.write_row((user, target, now))
        with cursor.copy(
            "COPY readiness_competencyability (user_id, competency_id, theta, variance, answers, updated_at) FROM STDIN"
        ) as copy:
            for user in users:
                for competency, _ in competencies:
                    copy.write_row((user, competency, rng.gauss(0, 1), 0.2, 3, now))
        with cursor.copy(
            "COPY readiness_stagereadiness (user_id, stage_id, expected, low, high, evidence, verdict, updated_at) FROM STDIN"
        ) as copy:
            for user in users:
                for stage, _ in stages:
                    expected = rng.uniform(0.2, 0.9)
                    copy.write_row(
                        (user, stage, expected, expected - 0.1, min(1, expected + 0.1), 60, "almost", now)
                    )
        with cursor.copy(
            "COPY readiness_snapshot (user_id, day, stages, competencies, created_at) FROM STDIN"
        ) as copy:
            for user in users:
                for back in range(SNAPSHOT_DAYS):
                    stage_values = {slug: [rng.uniform(0.2, 0.9), 0.1, 0.9, "almost"] for _, slug in stages}
                    abilities = {slug: [round(rng.gauss(0, 1), 3), 0.4] for _, slug in competencies}
                    copy.write_row(
                        (
                            user,
                            today - timedelta(days=back + 1),
                            json.dumps(stage_values),
                            json.dumps(abilities),
                            now,
                        )
                    )


def _reset_sequences() -> None:
    with connection.cursor() as cursor:
        for table in ("accounts_user", "attempts_quizsession", "attempts_sessionquestion", "attempts_answer",
                      "readiness_competencyability", "readiness_stagereadiness", "readiness_snapshot",
                      "readiness_targetstage", "attempts_reviewcard"):  # fmt: skip
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1))"
            )


if __name__ == "__main__":
    main()
