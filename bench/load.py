"""Load test: gunicorn on PostgreSQL on 127.0.0.1, driven by simulated candidates who log in, start sessions and
answer. One run reports:

1. answer round trips (question page and answer) per second in Rungs, and the same in the minimal quiz beside it
   (bench/minimal_quiz: the plainest correct quiz on the same stack), as a ratio, each with CANDIDATES concurrent
   candidates for DURATION seconds, in ROUNDS turns each, alternating;
2. p95 of the dashboard and the readiness page with the scale data (bench/seed_scale.py) against an almost empty
   database;
3. after CANDIDATES concurrent candidates for DURATION seconds: errors, and whether every acknowledged answer is
   stored exactly once (counted in the database).

    .venv/bin/python bench/load.py            # needs the databases rungs_scale (seeded) and rungs_empty

Everything stays on 127.0.0.1; request loops are bounded in time. Figures: docs/performance.md.
"""

import argparse
import http.cookiejar
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: `bench` is a package of the project's root

from bench.answering import answer_for  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "load-test-password"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One simulated person: a cookie jar, CSRF handling, timings."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, float]:
        status, location, elapsed, _ = self.fetch(path, data)
        return status, location, elapsed

    def fetch(self, path: str, data: dict | None = None) -> tuple[int, str, float, str]:
        """Status, redirect target, seconds, and the body."""
        body = None
        headers = {"Referer": self.base + "/"}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}, doseq=True).encode()
        started = time.perf_counter()
        try:
            with self.opener.open(
                urllib.request.Request(self.base + path, data=body, headers=headers), timeout=30
            ) as r:
                status, location, text = r.status, r.headers.get("Location", ""), r.read().decode()
        except urllib.error.HTTPError as error:
            status, location, text = error.code, error.headers.get("Location", ""), error.read().decode()
        except (urllib.error.URLError, OSError):  # a reset or a time-out: an error, not a crash of the thread
            status, location, text = 0, "", ""
        return status, location, time.perf_counter() - started, text

    def log_in(self, username: str) -> None:
        self.request("/accounts/login/")
        status, _, _ = self.request("/accounts/login/", {"username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"log-in of {username} failed with {status}")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0.0)


def start_server(database_url: str, port: int) -> subprocess.Popen:
    # bench.settings: Rungs' settings with the minimal quiz mounted at /minimal/ (never in production URLs).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url, "DEBUG": "false",
           "SECRET_KEY": "bench-" + "x" * 50,
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false",
           "GUNICORN_BIND": f"127.0.0.1:{port}", "LOG_LEVEL": "WARNING", "LOGIN_FAILURE_LIMIT": "1000"}  # fmt: skip
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    log = open(ROOT / "var" / f"bench-gunicorn-{port}.log", "a")  # noqa: SIM115  (open while the server runs)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def logged_in_browser(
    base: str, username: str, clock: "Clock", results: dict, lock: threading.Lock
) -> "Browser | None":
    """A browser logged in as `username` (None, counted as an error, if the log-in fails); ready for the clock
    either way, so that the measured window opens when every thread has tried."""
    browser = Browser(base)
    try:
        browser.log_in(username)
    except Exception:
        with lock:
            results["errors"] += 1
        return None
    finally:
        clock.ready()
    return browser


def candidate_loop(base: str, username: str, clock: "Clock", results: dict, lock: threading.Lock) -> None:
    browser = logged_in_browser(base, username, clock, results, lock)
    if browser is None:
        return
    question = None
    while time.perf_counter() < clock.until:
        if question is None:
            status, location, _ = browser.request(
                "/practice/start/", {"mode": "practice", "scope": "stage", "count": "10"}
            )
            if status != 302:
                with lock:
                    results["errors"] += 1
                continue
            question = location
        status, _, _, page = browser.fetch(question)
        if status != 200:
            with lock:
                results["errors"] += 1
            question = None
            continue
        answer_path = question.rstrip("/") + "/answer/"
        answer = answer_for(page)
        status, location, elapsed = browser.request(answer_path, {**answer, "confidence": "fairly_sure"})
        position = int(question.rstrip("/").rsplit("/", 1)[1])
        session = question.rstrip("/").rsplit("/", 1)[0]
        with lock:
            if status == 302:
                results["acknowledged"] += 1
                results["latencies"].append(elapsed)
                results["answered"].append((int(session.rsplit("/", 1)[1]), position))
            else:
                results["errors"] += 1
                results["statuses"].append(status)
        question = f"{session}/{position + 1}/" if position < 10 else None


def minimal_quiz_loop(base: str, username: str, clock: "Clock", results: dict, lock: threading.Lock) -> None:
    """The minimal quiz's round trip, as a candidate answers it: its question page, then the answer, which
    redirects to the next question."""
    browser = logged_in_browser(base, username, clock, results, lock)
    if browser is None:
        return
    # Each candidate starts somewhere else in the bank, as Rungs' candidates draw different questions: all of them
    # answering the same questions in step would find every page's Markdown already rendered by another.
    _, question, _ = browser.request(f"/minimal/?at={zlib.crc32(username.encode()) % 1000}")
    question = urllib.parse.urlsplit(question).path
    while time.perf_counter() < clock.until:
        status, _, _, page = browser.fetch(question)
        choice = MINIMAL_OPTION.search(page) if status == 200 else None
        if choice is None:
            with lock:
                results["errors"] += 1
            continue
        status, location, elapsed = browser.request(question + "answer/", {"choice": choice.group(1)})
        with lock:
            if status == 302:
                results["acknowledged"] += 1
                results["latencies"].append(elapsed)
                question = urllib.parse.urlsplit(location).path
            else:
                results["errors"] += 1
                results["statuses"].append(status)


MINIMAL_OPTION = re.compile(r'name="choice" value="(\d+)"')


class Clock:
    """The measured window opens when every thread is ready (candidates logged in), so that the log-ins, one
    deliberately slow password hash each, are not counted as time spent answering; it closes `seconds` later."""

    def __init__(self, threads: int, seconds: float) -> None:
        self.seconds = seconds
        self.started = self.until = float("inf")
        self._barrier = threading.Barrier(threads, action=self._open)

    def _open(self) -> None:
        self.started = time.perf_counter()
        self.until = self.started + self.seconds

    def ready(self) -> None:
        self._barrier.wait()


def _results() -> dict:
    return {"acknowledged": 0, "errors": 0, "latencies": [], "statuses": [], "answered": [], "seconds": 0.0}


def _add(total: dict, results: dict, seconds: float) -> None:
    """One turn's results added to the run's."""
    for key, value in results.items():
        total[key] += value
    total["seconds"] += seconds


def run_threads(target, count: int, seconds: float, *args) -> tuple[dict, float]:
    """Runs `count` threads of `target` for `seconds` after all are ready; the results and the measured seconds."""
    results = {key: value for key, value in _results().items() if key != "seconds"}
    lock = threading.Lock()
    clock = Clock(count, seconds)
    threads = [threading.Thread(target=target, args=(*args[i % len(args)], clock, results, lock))
               for i in range(count)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - clock.started


PAGE_REPEATS = 100
WARM_UP = (
    30  # requests first, unmeasured: a worker's first requests compile templates and open its connection
)


def page_p95(base: str, username: str, path: str, repeats: int) -> float:
    """p95 of one candidate's page, fetched `repeats` times one after another once the server is warm."""
    browser = Browser(base)
    browser.log_in(username)
    for _ in range(WARM_UP):
        browser.request(path)
    timings = []
    for _ in range(repeats):
        status, _, elapsed = browser.request(path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        timings.append(elapsed)
    return p95(timings)


def stored_answers(database_url: str, since_sql: str) -> dict[tuple[int, int], int]:
    """(session id, position) -> how many answers are stored for it, for the answers stored since the run began."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    code = ("import json\n"
            "from django.db import connection\n"
            "c = connection.cursor()\n"
            "c.execute('SELECT s.session_id, s.position, count(*) FROM attempts_answer a JOIN attempts_sessionquestion s "
            f"ON s.id = a.slot_id WHERE a.answered_at >= {since_sql} GROUP BY s.session_id, s.position')\n"
            "print(json.dumps(c.fetchall()))\n")  # fmt: skip
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        (session, position): n for session, position, n in json.loads(out.stdout.strip().splitlines()[-1])
    }


def kill_a_worker(server: subprocess.Popen, after: float, killed: list) -> threading.Thread:
    """In `after` seconds, kill -9 one of gunicorn's workers: with every worker busy, it dies in the middle of
    requests, answers among them. gunicorn starts another; what it was doing is lost, and must not be half-done."""

    def kill() -> None:
        time.sleep(after)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        if children:
            os.kill(int(children[0]), signal.SIGKILL)
            killed.append(int(children[0]))

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread


def prepare_empty(database_url: str) -> None:
    """An almost empty database: the content, one candidate with one short session."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    code = ("from apps.accounts.models import User\n"
            "from apps.competencies.models import CareerStage\n"
            "from apps.readiness.services import target_stage_set\n"
            f"u, made = User.objects.get_or_create(username='load00000', defaults={{'email': 'e@load.invalid'}})\n"
            f"u.set_password('{PASSWORD}'); u.save()\n"
            "target_stage_set(user=u, stage=CareerStage.objects.get(slug='senior-ai-backend-engineer'))\n")  # fmt: skip
    for command in (["migrate", "-v0"], ["load_content", "-v0"], ["shell", "-c", code]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)


def prepare_scale(database_url: str) -> None:
    """What a release does to the seeded database (README, Production): migrate, with the minimal quiz's one table
    (it has no migrations) after Rungs' own, and load_content."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    for command in (["migrate", "--run-syncdb", "-v0"], ["load_content", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-db", default="postgres://rungs:rungs@127.0.0.1:5432/rungs_scale")
    parser.add_argument("--empty-db", default="postgres://rungs:rungs@127.0.0.1:5432/rungs_empty")
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of answering, for each quiz")
    parser.add_argument("--rounds", type=int, default=3, help="turns the two quizzes take, in as many slices")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"

    prepare_empty(args.empty_db)
    server = start_server(args.empty_db, args.port)
    try:
        empty_dashboard = page_p95(base, "load00000", "/practice/", PAGE_REPEATS)
        empty_readiness = page_p95(base, "load00000", "/readiness/", PAGE_REPEATS)
    finally:
        server.terminate()
        server.wait()

    prepare_scale(args.scale_db)
    server = start_server(args.scale_db, args.port)
    try:
        scale_dashboard = page_p95(base, "load00001", "/practice/", PAGE_REPEATS)
        scale_readiness = page_p95(base, "load00001", "/readiness/", PAGE_REPEATS)
        people = [(base, f"load{n:05d}") for n in range(2, 2 + args.candidates)]
        since = f"to_timestamp({time.time()})"  # answers stored from here on belong to this run
        killed: list[int] = []
        phase = args.duration / args.rounds
        minimal, answers = _results(), _results()
        # The two quizzes take turns, so that the machine's speed, which drifts from one minute to the next, weighs
        # on both alike.
        for turn in range(args.rounds):
            _add(minimal, *run_threads(minimal_quiz_loop, args.candidates, phase, *people))
            if turn == 0:  # half-way through Rungs' first turn; the log-ins take about 5 s before it opens
                kill_a_worker(server, phase / 2 + 5, killed)
            _add(answers, *run_threads(candidate_loop, args.candidates, phase, *people))
        minimal_seconds, answer_seconds = minimal.pop("seconds"), answers.pop("seconds")
    finally:
        server.terminate()
        server.wait()
    stored = stored_answers(args.scale_db, since)
    lost = [pair for pair in answers["answered"] if pair not in stored]
    twice = [pair for pair, n in stored.items() if n > 1]

    answer_rate = answers["acknowledged"] / answer_seconds
    minimal_rate = minimal["acknowledged"] / minimal_seconds
    print(f"candidates: {args.candidates} for {args.duration:.0f} s, gunicorn on PostgreSQL, scale data")
    print(
        f"Rungs: {answer_rate:.1f} answers/s (question page and answer), answer p95 {1000 * p95(answers['latencies']):.0f} ms"
    )
    print(f"minimal quiz: {minimal_rate:.1f} answers/s, answer p95 {1000 * p95(minimal['latencies']):.0f} ms")
    print(f"Rungs / minimal quiz throughput: {answer_rate / minimal_rate:.2f} (target >= 0.5)")
    print(f"dashboard p95: {1000 * scale_dashboard:.0f} ms with scale data, {1000 * empty_dashboard:.0f} ms almost empty, "
          f"ratio {scale_dashboard / empty_dashboard:.2f} (target <= 1.5)")  # fmt: skip
    print(f"readiness p95: {1000 * scale_readiness:.0f} ms with scale data, {1000 * empty_readiness:.0f} ms almost empty, "
          f"ratio {scale_readiness / empty_readiness:.2f} (target <= 1.5)")  # fmt: skip
    print(f"a worker killed (kill -9) half-way: {killed or 'none found'}; failed requests: Rungs {answers['errors']}, "
          f"minimal quiz {minimal['errors']}, statuses {sorted(set(answers['statuses']))} (0: reset or time-out)")  # fmt: skip
    print(f"acknowledged answers {answers['acknowledged']}, stored {sum(stored.values())} (the rest were cut off "
          f"before their acknowledgement), acknowledged but not stored {len(lost)}, stored more than once "
          f"{len(twice)}")  # fmt: skip
    # The requests the killed worker had taken fail with a reset (status 0): a worker takes connections ahead of
    # its threads, so there are more than its four threads. No other failure may happen, and every answer
    # acknowledged must be stored, once.
    refused = [status for status in answers["statuses"] if status != 0]
    ok = not refused and not lost and not twice and minimal["errors"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
