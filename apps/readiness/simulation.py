"""Validation by simulation: simulated candidates with known abilities answer the real bank, in populations and
with items that break the model's assumptions in chosen ways.

Each scenario draws the true item parameters once per bank (so their errors are shared by every candidate, as real
authoring errors are), a training population whose answers teach the estimator its prior (as `manage.py
recalibrate_items` does in the app), and test candidates who answer every question in random order. Beside our
estimator runs an oracle that knows the true item parameters and the true structure of abilities: the best an
estimator of this family could do on the same answers. An adaptive run per stage uses the app's own cap.

Pure Python, no Django: `manage.py simulate_readiness` feeds it the bank from fixtures/*.json.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from . import irt

CHOICE_KINDS = ("single", "true_false", "multiple", "judgement")
CHECKPOINTS = (40, 120, None)  # answers; None: all of them
TRAIN_MIN_ANSWERS = 20  # fewest answers of a training candidate (under irt.MIN_PRIOR_ANSWERS: not fitted)
POPULATION_MEAN, POPULATION_SD = 0.3, 1.2
GENEROUS_SHARE = 0.5  # of candidates who grade their own open answers as if they were one level better


# --- the bank ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SimItem:
    key: str
    competency: str
    kind: str
    difficulty: int
    options: tuple[tuple[bool, float | None], ...]  # (is_correct, score) per option; empty for open answers
    key_points: int = 0


@dataclass
class Bank:
    areas: dict[str, list[str]]  # area -> its measured competencies, in belief order
    items: list[SimItem]  # every published scored question, open answers included
    stages: dict[str, list[tuple[str, float, float]]]  # stage -> (competency, weight, threshold)

    def __post_init__(self) -> None:
        self.number = {c: i for i, c in enumerate(c for cs in self.areas.values() for c in cs)}
        self.area_sizes = [len(cs) for cs in self.areas.values()]
        self.area_of = {c: a for a, cs in enumerate(self.areas.values()) for c in cs}

    def requirements(self) -> dict[str, list[irt.Requirement]]:
        return {
            s: [irt.Requirement(self.number[c], w, t) for c, w, t in reqs] for s, reqs in self.stages.items()
        }


def bank_from_fixtures(profile: dict, questions: dict) -> Bank:
    """The real bank: every published scored question of a measured competency, with what its author gave."""
    areas, stages = {}, defaultdict(list)
    order = [stage["slug"] for stage in profile["stages"]]
    for area in profile["areas"]:
        measured = [c for c in area["competencies"] if c["assessment"] == "measured"]
        if measured:
            areas[area["slug"]] = [c["slug"] for c in measured]
        for competency in measured:
            for requirement in competency["requirements"]:
                stage = order[requirement["stage_order"] - 1]
                threshold = irt.level_threshold(requirement["target_level"])
                stages[stage].append((competency["slug"], float(requirement["weight"]), threshold))
    measured_slugs = {c for cs in areas.values() for c in cs}
    items = [
        SimItem(q["id"], q["competency"], q["kind"], q["difficulty"],
                tuple((bool(c["correct"]), c.get("score")) for c in q["choices"]), len(q.get("key_points") or []))
        for q in questions["questions"]
        if q["status"] == "published" and q["kind"] in (*CHOICE_KINDS, "open") and q["competency"] in measured_slugs
    ]  # fmt: skip
    return Bank(areas, items, dict(stages))


# --- scenarios: how candidates and items really are ------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    within: float  # correlation of two competencies of one area
    across: float  # of two competencies of different areas
    misspecified: bool  # items that break the model's assumptions
    description: str = ""


SCENARIOS = {
    s.name: s
    for s in (
        Scenario("model", 0.84, 0.62, False, "the model's own assumptions (correlations 0.84 within an area, 0.62 across)"),
        Scenario("weak", 0.5, 0.2, False, "competencies correlating 0.5 within an area and 0.2 across"),
        Scenario("strong", 0.9, 0.7, False, "competencies correlating 0.9 within an area and 0.7 across"),
        Scenario("misspecified", 0.84, 0.62, True, "the model's correlations, items that break its assumptions"),
        Scenario("weak+misspecified", 0.5, 0.2, True, "weak correlations and misspecified items"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class TrueItem:
    """How an item really behaves: know the answer with probability logistic(a (theta - b)); someone who knows
    slips with probability `slip` (to a blind answer under the model's assumptions, to a wrong one when
    misspecified); someone who does not answers blind, right with probability `guess` on pick-one questions."""

    a: float
    b: float
    slip: float
    guess: float
    slip_scores_zero: bool
    score_noise: float  # SD of the noise on partial credit

    def expected_item(self, blind: float) -> irt.Item:
        """The item curve E[score | theta] (what the oracle is told)."""
        if self.slip_scores_zero:
            return irt.Item(self.a, self.b, blind, 1.0 - self.slip)
        return irt.Item(self.a, self.b, blind, 1.0 - self.slip * (1.0 - blind))


def draw_true_items(bank: Bank, scenario: Scenario, rng: random.Random) -> dict[str, TrueItem]:
    items = {}
    for item in bank.items:
        authored_b = irt.difficulty_to_b(item.difficulty)
        guess = 1.0 / len(item.options) if item.options else 0.0
        if scenario.misspecified:
            k = len(item.options)
            if item.kind == "single" and k > 2 and rng.random() < 0.3:
                guess = 1.0 / (k - 1)  # one option is easy to rule out
            items[item.key] = TrueItem(
                a=math.exp(rng.uniform(math.log(0.5), math.log(2.5))),
                b=authored_b + rng.gauss(0, 0.6),
                slip=rng.uniform(0.02, 0.05),
                guess=guess,
                slip_scores_zero=True,
                score_noise=0.15,
            )
        else:
            items[item.key] = TrueItem(
                1.0, authored_b + rng.gauss(0, irt.AUTHORED_B_SD), irt.SLIP, guess, False, 0.0
            )
    return items


def blind_answer(item: SimItem, truth: TrueItem, rng: random.Random) -> float:
    if item.kind in ("single", "true_false"):
        return float(rng.random() < truth.guess)
    if item.kind == "judgement":
        return float(rng.choice(item.options)[1] or 0.0)
    # multiple choice: every set of ticks equally likely, scored as apps/attempts/scoring.py does
    right = sum(1 for correct, _ in item.options if correct)
    wrong = len(item.options) - right
    hits = sum(1 for correct, _ in item.options if correct and rng.random() < 0.5)
    misses = sum(1 for correct, _ in item.options if not correct and rng.random() < 0.5)
    return max(0.0, (hits / right if right else 0.0) - (misses / wrong if wrong else 0.0))


def answer(item: SimItem, truth: TrueItem, theta: float, rng: random.Random) -> float:
    if rng.random() < irt.logistic(truth.a * (theta - truth.b)):
        if rng.random() >= truth.slip:
            return 1.0
        if truth.slip_scores_zero:
            return 0.0
    score = blind_answer(item, truth, rng)
    if truth.score_noise and 0.0 < score < 1.0:
        score = min(1.0, max(0.0, score + rng.gauss(0, truth.score_noise)))
    return score


def self_graded(item: SimItem, truth: TrueItem, theta: float, rng: random.Random) -> tuple[float, float]:
    """The share of an open answer's key points its author says it covered, graded honestly and generously (as if
    one level better), from the same draws."""
    draws = [rng.random() for _ in range(max(item.key_points, 1))]
    honest, generous = (irt.logistic(truth.a * (theta + shift - truth.b)) for shift in (0.0, 1.0))
    return (sum(u < honest for u in draws) / len(draws), sum(u < generous for u in draws) / len(draws))


def true_prior(scenario: Scenario) -> irt.Prior:
    return irt.Prior.from_correlations(
        variance=POPULATION_SD**2, within=scenario.within, across=scenario.across, mean=POPULATION_MEAN
    )


def draw_abilities(bank: Bank, prior: irt.Prior, rng: random.Random) -> dict[str, float]:
    overall = prior.mean + math.sqrt(prior.overall) * rng.gauss(0, 1)
    abilities = {}
    for competencies in bank.areas.values():
        area = overall + math.sqrt(prior.area) * rng.gauss(0, 1)
        for competency in competencies:
            abilities[competency] = area + math.sqrt(prior.competency) * rng.gauss(0, 1)
    return abilities


def true_readiness(bank: Bank, stage: str, abilities: dict[str, float]) -> float:
    requirements = bank.stages[stage]
    met = sum(weight for competency, weight, threshold in requirements if abilities[competency] >= threshold)
    return met / sum(weight for _, weight, _ in requirements)


def true_verdict(readiness: float) -> str:
    return (
        "ready"
        if readiness >= irt.READY - 1e-9
        else "almost"
        if readiness >= irt.ALMOST - 1e-9
        else "not_yet"
    )


# --- estimators ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """How an estimator reads the bank: its items (an answer to a question without one stays out of the
    estimate) and how it decides that a verdict is settled."""

    name: str
    items: dict[str, irt.Item]
    range_rule: bool = False  # settled when a normal-approximation range crosses no boundary (the old rule)
    open_weight: float = 1.0  # the weight of a self-graded open answer, where the model has items for them


def current_model(bank: Bank, calibrated: dict[str, float] | None = None) -> Model:
    """Ours: what `readiness.services.ItemFacts.item()` makes of each question (with the difficulties `recalibrate_items`
    estimated, where given); open answers stay out."""
    calibrated = calibrated or {}
    return Model("ours", {
        i.key: irt.authored_item(i.kind, list(i.options), i.difficulty, b=calibrated.get(i.key))
        for i in bank.items if i.kind != "open"
    })  # fmt: skip


def legacy_model(bank: Bank) -> Model:
    """The estimator before this version, for the 'before' figures: fixed 1/k floors (none for multiple choice),
    exact authored difficulties, self-graded open answers scored as if objective, and the range rule."""

    def item(i: SimItem) -> irt.Item:
        c = 1.0 / len(i.options) if i.kind in ("single", "true_false", "judgement") else 0.0
        return irt.Item(1.0, irt.difficulty_to_b(i.difficulty), c)

    return Model("before", {i.key: item(i) for i in bank.items}, range_rule=True)


LEGACY_PRIOR = irt.Prior(1.0, 0.36, 0.25)


def oracle_model(bank: Bank, truth: dict[str, TrueItem]) -> Model:
    items = {
        i.key: truth[i.key].expected_item(_true_blind(i, truth[i.key]))
        for i in bank.items
        if i.kind != "open"
    }
    return Model("oracle", items)


def _true_blind(item: SimItem, truth: TrueItem) -> float:
    if item.kind in ("single", "true_false"):
        return truth.guess
    return irt.blind_score(item.kind, list(item.options))


@dataclass
class Estimator:
    bank: Bank
    model: Model
    prior: irt.Prior
    answered: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.belief = irt.Belief(self.bank.area_sizes, self.prior)

    def counts(self, item: SimItem) -> bool:
        return item.key in self.model.items

    def ability(self, competency: str) -> tuple[float, float]:
        return self.belief.ability(self.bank.number[competency])

    def predict(self, item: SimItem) -> float:
        return irt.expected_p_right(*self.ability(item.competency), self.model.items[item.key])

    def observe(self, item: SimItem, score: float) -> None:
        if self.counts(item):
            weight = self.model.open_weight if item.kind == "open" else 1.0
            self.belief.observe(self.bank.number[item.competency], self.model.items[item.key], score, weight)
            self.answered[item.competency] += 1

    def readiness(self, requirements: dict[str, list[irt.Requirement]]) -> dict[str, irt.Readiness]:
        evidence = {s: sum(self.answered[c] for c, _, _ in self.bank.stages[s]) for s in requirements}
        if not self.model.range_rule:
            return irt.readiness_of_stages(self.belief, requirements, evidence)
        return {s: _range_rule(r, evidence[s]) for s, r in irt.stage_draws(self.belief, requirements).items()}


def _range_rule(shares: list[float], evidence: int) -> irt.Readiness:
    """The old rule: a range of E[R] +- 1.2816 sd(R), settled when it crosses no verdict boundary."""
    expected = sum(shares) / len(shares)
    sd = math.sqrt(sum((s - expected) ** 2 for s in shares) / len(shares))
    low, high = max(0.0, expected - irt.RANGE_Z * sd), min(1.0, expected + irt.RANGE_Z * sd)
    verdict = irt.verdict_for(expected, low, high, evidence)
    settled = verdict != "insufficient" and not any(low < b < high for b in irt.VERDICT_BOUNDARIES)
    return irt.Readiness(expected, low, high, evidence, verdict, 1.0 if settled else 0.0)


# --- learning the prior, as the app does -------------------------------------------------------------------------


def recalibrate(bank: Bank, model: Model, population: list[Candidate]) -> tuple[Model, irt.Fit]:
    """One run of `manage.py recalibrate_items` after `population` has answered: each difficulty re-estimated
    from its answers and the respondents' estimates as they stand (under the default prior and authored items),
    then the prior fitted to their answers with the new difficulties."""
    answers: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for candidate in population:
        estimator = Estimator(bank, model, irt.DEFAULT_PRIOR)
        for item, score in candidate.answers[: candidate.length]:
            estimator.observe(item, score)
        for item, score in candidate.answers[: candidate.length]:
            if estimator.counts(item):
                answers[item.key].append((*estimator.ability(item.competency), score))
    authored = {i.key: irt.difficulty_to_b(i.difficulty) for i in bank.items}
    calibrated = {
        key: irt.calibrate_difficulty(pairs, model.items[key], prior_b=authored[key])
        for key, pairs in answers.items()
        if len(pairs) >= irt.MIN_CALIBRATION_ANSWERS
    }
    model = current_model(bank, irt.anchor_difficulties(calibrated, authored))
    return model, learn_prior(bank, model, population)


def learn_prior(bank: Bank, model: Model, population: list[Candidate]) -> irt.Fit:
    """The prior fitted to a population's answers, as `manage.py recalibrate_items` does in the app."""
    evidence = []
    for candidate in population:
        answers = [
            (item, score) for item, score in candidate.answers[: candidate.length] if item.key in model.items
        ]
        if len(answers) >= irt.MIN_PRIOR_ANSWERS:
            evidence.append(irt.Evidence(bank.area_sizes))
            for item, score in answers:
                fit_item = irt.full_credit_item(item.kind, list(item.options), model.items[item.key])
                evidence[-1].add(bank.number[item.competency], fit_item, score >= 1.0)
    return irt.fit_prior(evidence)


# --- candidates -------------------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    abilities: dict[str, float]
    answers: list[tuple[SimItem, float]]  # every item, in the order answered, with its score
    scores: dict[str, float]
    length: int  # how many of them (training candidates answer only part of the bank)
    generous: bool = False  # grades their own open answers as if one level better
    other_grading: dict[str, float] = field(default_factory=dict)  # open answers as the other kind of grader

    def answers_graded(self, generous: bool) -> list[tuple[SimItem, float]]:
        if generous == self.generous:
            return self.answers
        return [(item, self.other_grading.get(item.key, score)) for item, score in self.answers]


def draw_candidate(
    bank: Bank, prior: irt.Prior, truth: dict[str, TrueItem], rng: random.Random, length=None
) -> Candidate:
    abilities = draw_abilities(bank, prior, rng)
    generous = rng.random() < GENEROUS_SHARE
    scores, other = {}, {}
    for item in bank.items:
        theta = abilities[item.competency]
        if item.kind == "open":
            honest, generously = self_graded(item, truth[item.key], theta, rng)
            scores[item.key], other[item.key] = (generously, honest) if generous else (honest, generously)
        else:
            scores[item.key] = answer(item, truth[item.key], theta, rng)
    order = rng.sample(bank.items, len(bank.items))
    answers = [(item, scores[item.key]) for item in order]
    return Candidate(abilities, answers, scores, length or len(answers), generous, other)


# --- what self-graded open answers would do to the estimate ------------------------------------------------------

OPEN_WEIGHTS = (0.5, 1.0)  # weights compared with leaving the answers out


def open_answer_models(bank: Bank, ours: Model) -> dict[float, Model]:
    """Ours, with the open answers in at each of OPEN_WEIGHTS (their items as authored, no floor)."""
    opens = {i.key: irt.authored_item(i.kind, [], i.difficulty) for i in bank.items if i.kind == "open"}
    return {w: Model(f"open {w}", {**ours.items, **opens}, open_weight=w) for w in OPEN_WEIGHTS}


def _self_grading_bias(bank: Bank, models: dict, prior: irt.Prior, candidates: list[Candidate]) -> dict:
    """How much higher the same candidates' abilities come out when they grade their open answers one level too
    high than when they grade them honestly (mean over them and the competencies with open questions, in levels),
    with open answers left out (weight 0) and at each weight."""
    competencies = sorted({i.competency for i in bank.items if i.kind == "open"})
    shifts: dict[float, list[float]] = defaultdict(list)
    for candidate in candidates:
        for weight, model in models.items():
            estimates = []
            for generous in (False, True):
                estimator = Estimator(bank, model, prior)
                for item, score in candidate.answers_graded(generous):
                    estimator.observe(item, score)
                estimates.append([estimator.ability(c)[0] for c in competencies])
            shifts[weight] += [high - low for low, high in zip(*estimates, strict=True)]
    return {str(weight): round(_mean(values), 4) for weight, values in shifts.items()}


# --- statistics ------------------------------------------------------------------------------------------------------


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    sy = math.sqrt(sum((b - my) ** 2 for b in ry))
    return cov / (sx * sy) if sx and sy else 0.0


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def expected_calibration_error(pairs: list[tuple[float, float]], bins: int = 10) -> float:
    """Mean |predicted - observed| over 10 equal-width bins of the prediction, weighted by the bins' sizes."""
    if not pairs:
        return 0.0
    buckets: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for predicted, observed in pairs:
        buckets[min(bins - 1, int(predicted * bins))].append((predicted, observed))
    return sum(
        len(b) / len(pairs) * abs(sum(p for p, _ in b) / len(b) - sum(o for _, o in b) / len(b))
        for b in buckets.values()
    )


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# --- the experiment --------------------------------------------------------------------------------------------------


@dataclass
class _Tally:
    """What one estimator gets right at one checkpoint, over the test candidates."""

    estimates: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    readiness: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    ability_covered: int = 0
    ability_total: int = 0
    stage_covered: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    meets: list[tuple[float, float]] = field(default_factory=list)
    settled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    settled_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    stage_mass: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    verdicts: list[tuple[float, float]] = field(default_factory=list)

    def add(self, estimator: Estimator, candidate: Candidate, requirements, truths: dict[str, float]) -> None:
        for competency, theta in candidate.abilities.items():
            mean, variance = estimator.ability(competency)
            self.estimates[competency].append(mean)
            half = irt.RANGE_Z * math.sqrt(variance)
            self.ability_covered += mean - half <= theta <= mean + half
            self.ability_total += 1
        results = estimator.readiness(requirements)
        draws = irt.stage_draws(estimator.belief, requirements)
        for stage, result in results.items():
            truth = truths[stage]
            self.readiness[stage].append(result.expected)
            self.stage_covered[stage] += result.low - 1e-9 <= truth <= result.high + 1e-9
            inside = sum(1 for x in draws[stage] if result.low - 1e-9 <= x <= result.high + 1e-9)
            self.stage_mass[stage] += inside / len(draws[stage])
            if result.verdict != "insufficient" and not estimator.model.range_rule:
                self.verdicts.append((result.probability, float(result.verdict == true_verdict(truth))))
            if result.settled:
                self.settled[stage] += 1
                self.settled_right[stage] += result.verdict == true_verdict(truth)
            for competency, _, threshold in estimator.bank.stages[stage]:
                mean, variance = estimator.ability(competency)
                met = candidate.abilities[competency] >= threshold
                self.meets.append((irt.meet_probability(mean, variance, threshold), float(met)))


def run_scenario(bank: Bank, scenario: Scenario, *, candidates: int, train: int, seed: int,
                 adaptive_candidates: int, prior: str = "learned", before: bool = True,
                 train_answers: int | None = None, train_min_answers: int = TRAIN_MIN_ANSWERS) -> dict:  # fmt: skip
    """Everything the command reports for one scenario, as a JSON-ready dict. Training candidates answer a number
    of questions drawn evenly between `train_min_answers` and `train_answers` (all of them by default); the prior
    is learned, as in the app, from those with irt.MIN_PRIOR_ANSWERS or more."""
    started = time.perf_counter()
    rng = random.Random(f"{seed}-{scenario.name}-bank")
    truth = draw_true_items(bank, scenario, rng)
    population = true_prior(scenario)
    ours_model = current_model(bank)
    training = [
        draw_candidate(bank, population, truth, random.Random(f"{seed}-{scenario.name}-train-{n}"),
                       length=random.Random(f"{seed}-{n}-length").randint(train_min_answers, train_answers or len(bank.items)))
        for n in range(train)
    ]  # fmt: skip
    ours_model, fit = recalibrate(bank, ours_model, training) if prior == "learned" else (ours_model, None)
    models = {
        "ours": (ours_model, fit.prior if fit else irt.DEFAULT_PRIOR),
        "oracle": (oracle_model(bank, truth), population),
    }
    if before:
        models["before"] = (legacy_model(bank), LEGACY_PRIOR)
    requirements = bank.requirements()
    tallies = {(name, cp): _Tally() for name in models for cp in CHECKPOINTS}
    truths: dict[str, list[float]] = {c: [] for c in bank.number}
    stage_truths: dict[str, list[float]] = defaultdict(list)
    p_right = {name: defaultdict(list) for name in models}
    adaptive = {name: defaultdict(list) for name in models if name != "oracle"}
    test_candidates = []
    for n in range(candidates):
        candidate = draw_candidate(bank, population, truth, random.Random(f"{seed}-{scenario.name}-test-{n}"))
        if n < adaptive_candidates:
            test_candidates.append(candidate)
        stage_truth = {s: true_readiness(bank, s, candidate.abilities) for s in bank.stages}
        for competency, theta in candidate.abilities.items():
            truths[competency].append(theta)
        for stage, value in stage_truth.items():
            stage_truths[stage].append(value)
        for name, (model, model_prior) in models.items():
            estimator = Estimator(bank, model, model_prior)
            for answered, (item, score) in enumerate(candidate.answers, 1):
                if estimator.counts(item):
                    p_right[name][item.kind].append((estimator.predict(item), score))
                estimator.observe(item, score)
                for checkpoint in CHECKPOINTS:
                    if answered == (checkpoint or len(candidate.answers)):
                        tallies[name, checkpoint].add(estimator, candidate, requirements, stage_truth)
            if name in adaptive and n < adaptive_candidates:
                for stage in bank.stages:
                    adaptive[name][stage].append(
                        _adaptive_run(bank, model, model_prior, stage, requirements[stage], candidate, stage_truth[stage],
                                      random.Random(f"{seed}-{scenario.name}-adaptive-{n}-{stage}"))
                    )  # fmt: skip
    result = {
        "description": scenario.description,
        "truth": _prior_json(population),
        "prior_used": _prior_json(models["ours"][1]),
        "prior_learned_from": fit.candidates if fit else 0,
        "test_candidates": candidates,
        "checkpoints": {},
        "chance_right_calibration_error": {},
        "adaptive": {},
    }
    for checkpoint in CHECKPOINTS:
        label = str(checkpoint) if checkpoint else "all"
        result["checkpoints"][label] = {
            name: _summary(tallies[name, checkpoint], tallies["oracle", checkpoint], truths, stage_truths)
            for name in models
            if name != "oracle"
        }
        result["checkpoints"][label]["oracle"] = _summary(
            tallies["oracle", checkpoint], None, truths, stage_truths
        )
    for name in models:
        result["chance_right_calibration_error"][name] = {
            kind: round(expected_calibration_error(pairs), 4) for kind, pairs in sorted(p_right[name].items())
        }
    for name, runs in adaptive.items():
        result["adaptive"][name] = {
            stage: _adaptive_summary(stage_runs) for stage, stage_runs in runs.items()
        }
    study = test_candidates[:adaptive_candidates]
    open_models = {0.0: models["ours"][0], **open_answer_models(bank, models["ours"][0])}
    result["generous_self_grader_bias"] = _self_grading_bias(bank, open_models, models["ours"][1], study)
    result["adaptive_stop_study"] = {
        str(threshold): {stage: _adaptive_summary(stage_runs, threshold) for stage, stage_runs in adaptive["ours"].items()}
        for threshold in STOP_STUDY
    }  # fmt: skip
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _prior_json(prior: irt.Prior) -> dict:
    return {"mean": round(prior.mean, 3), "variance": round(prior.variance, 3),
            "within_area_correlation": round(prior.within_area, 3), "across_area_correlation": round(prior.across_areas, 3)}  # fmt: skip


def _summary(tally: _Tally, oracle: _Tally | None, truths, stage_truths) -> dict:
    rho = _mean(spearman(truths[c], tally.estimates[c]) for c in truths)
    summary = {
        "ability_spearman": round(rho, 4),
        "ability_range_coverage": _share(tally.ability_covered, tally.ability_total),
        "stage_range_coverage": {
            s: _share(tally.stage_covered[s], len(stage_truths[s])) for s in stage_truths
        },
        "stage_range_posterior_mass": {
            s: round(tally.stage_mass[s] / len(stage_truths[s]), 4) for s in stage_truths
        },
        "verdict_probability_calibration_error": round(expected_calibration_error(tally.verdicts), 4),
        "meets_target_calibration_error": round(expected_calibration_error(tally.meets), 4),
        "readiness_spearman": {
            s: round(spearman(stage_truths[s], tally.readiness[s]), 4) for s in stage_truths
        },
        "settled_share": {s: _share(tally.settled[s], len(stage_truths[s])) for s in stage_truths},
        "settled_accuracy": {s: _share(tally.settled_right[s], tally.settled[s]) for s in stage_truths},
    }
    if oracle is not None:
        oracle_rho = _mean(spearman(truths[c], oracle.estimates[c]) for c in truths)
        summary["ability_spearman_vs_oracle"] = round(rho / oracle_rho, 4)
    return summary


STOP_STUDY = (0.95, 0.97, 0.98, 0.99)  # stopping thresholds compared in "adaptive_stop_study"


@dataclass
class _AdaptiveRun:
    truth: str
    steps: list[
        tuple[int, str, float]
    ]  # (questions asked, verdict, its probability) from irt.ADAPTIVE_MIN_ANSWERS on

    def stop(self, threshold: float) -> tuple[int, bool, str, float]:
        """(questions, stopped settled, verdict, probability) had the assessment stopped at `threshold`."""
        for asked, verdict, probability in self.steps:
            if verdict != "insufficient" and probability >= threshold:
                return asked, True, verdict, probability
        asked, verdict, probability = self.steps[-1] if self.steps else (0, "insufficient", 0.0)
        return asked, False, verdict, probability


def _adaptive_run(bank, model, prior, stage, requirements, candidate, truth, rng) -> _AdaptiveRun:
    """The app's adaptive assessment: the next question by irt.choose_next on the stage's competencies (choice
    questions only), stopping once the verdict is irt.STOP_PROBABILITY likely (after irt.ADAPTIVE_MIN_ANSWERS answers)
    or at irt.ADAPTIVE_MAX_ANSWERS. It goes on until the strictest threshold of STOP_STUDY is met, so that they can be
    compared."""
    estimator = Estimator(bank, model, prior)
    competencies = {c for c, _, _ in bank.stages[stage]}
    remaining = {i.key: i for i in bank.items if i.competency in competencies and i.kind != "open"}
    administered: dict[str, int] = defaultdict(int)
    run = _AdaptiveRun(true_verdict(truth), [])
    for asked in range(1, irt.ADAPTIVE_MAX_ANSWERS + 1):
        targets = {c: irt.Target(*estimator.ability(c), weight=w, threshold=t, administered=administered[c])
                   for c, w, t in bank.stages[stage]}  # fmt: skip
        options = [irt.Candidate(key, i.competency, model.items[key]) for key, i in remaining.items()]
        chosen = irt.choose_next(options, targets, rng)
        if chosen is None:
            break
        item = remaining.pop(chosen.key)
        administered[item.competency] += 1
        estimator.observe(item, candidate.scores[item.key])
        if asked >= irt.ADAPTIVE_MIN_ANSWERS:
            result = estimator.readiness({stage: requirements})[stage]
            run.steps.append((asked, result.verdict, result.probability if result.settled else 0.0))
            if result.settled and result.probability >= max(STOP_STUDY):
                break
    return run


def _adaptive_summary(runs: list[_AdaptiveRun], threshold: float = irt.STOP_PROBABILITY) -> dict:
    stops = [(run.truth, *run.stop(threshold)) for run in runs]
    settled = [(truth, verdict, p) for truth, _, done, verdict, p in stops if done]
    capped = [(truth, verdict) for truth, _, done, verdict, _ in stops if not done]
    return {
        "candidates": len(runs),
        "mean_questions": round(_mean(asked for _, asked, _, _, _ in stops), 1),
        "share_stopped_at_cap": _share(len(capped), len(runs)),
        "settled_accuracy": _share(sum(v == t for t, v, _ in settled), len(settled)),
        "settled_mean_probability": round(_mean(p for _, _, p in settled), 4) if settled else None,
        "verdict_accuracy_at_cap": _share(sum(v == t for t, v in capped), len(capped)),
    }


def run(bank: Bank, *, scenarios: list[str], candidates: int, train: int, seed: int, adaptive_candidates: int,
        prior: str = "learned", before: bool = True, train_answers: int | None = None,
        train_min_answers: int = TRAIN_MIN_ANSWERS) -> dict:  # fmt: skip
    return {
        "settings": {
            "candidates": candidates,
            "train": train,
            "train_answers": [train_min_answers, train_answers or len(bank.items)],
            "seed": seed,
            "adaptive_candidates": adaptive_candidates,
            "prior": prior,
            "adaptive_cap": irt.ADAPTIVE_MAX_ANSWERS,
        },
        "scenarios": {
            name: run_scenario(
                bank,
                SCENARIOS[name],
                candidates=candidates,
                train=train,
                seed=seed,
                adaptive_candidates=adaptive_candidates,
                prior=prior,
                before=before,
                train_answers=train_answers,
                train_min_answers=train_min_answers,
            )
            for name in scenarios
        },
    }


def report_lines(result: dict) -> list[str]:
    """The command's plain-text report: per scenario and checkpoint, each estimator's figures."""
    lines = []
    for name, scenario in result["scenarios"].items():
        truth, used = scenario["truth"], scenario["prior_used"]
        learned = (
            f"learned from {scenario['prior_learned_from']} candidates"
            if scenario["prior_learned_from"]
            else "the default"
        )
        lines += [
            f"Scenario {name}: {scenario['description']} ({scenario['seconds']:.0f} s)",
            f"  truth: mean {truth['mean']:+.2f}, variance {truth['variance']:.2f}, correlations "
            f"{truth['within_area_correlation']:.2f} within an area, {truth['across_area_correlation']:.2f} across; "
            f"prior ({learned}): mean {used['mean']:+.2f}, variance {used['variance']:.2f}, correlations "
            f"{used['within_area_correlation']:.2f}, {used['across_area_correlation']:.2f}",
        ]
        for checkpoint, estimators in scenario["checkpoints"].items():
            for estimator, m in estimators.items():
                vs_oracle = m.get("ability_spearman_vs_oracle")
                lines.append(
                    f"  {checkpoint:>3} answers, {estimator:6}: ability Spearman {m['ability_spearman']:.3f}"
                    + (f" ({vs_oracle:.1%} of the oracle's)" if vs_oracle else "")
                    + f"; ability ranges hold it {m['ability_range_coverage']:.1%}; readiness ranges "
                    + "/".join(f"{v:.0%}" for v in m["stage_range_coverage"].values())
                    + f"; chance-of-meeting calibration error {m['meets_target_calibration_error']:.3f}"
                )
                lines.append(
                    "      settled (share, right): "
                    + ", ".join(
                        f"{stage} {m['settled_share'][stage]:.0%} {_percent(m['settled_accuracy'][stage])}"
                        for stage in m["settled_share"]
                    )
                )
        for estimator, errors in scenario["chance_right_calibration_error"].items():
            lines.append(
                f"  chance of a right answer, calibration error, {estimator}: "
                + ", ".join(f"{kind} {error:.3f}" for kind, error in errors.items())
            )
        for estimator, stages in scenario["adaptive"].items():
            for stage, a in stages.items():
                if not a["candidates"]:
                    continue
                lines.append(
                    f"  adaptive, {estimator}, {stage}: {a['mean_questions']:.1f} questions on average, "
                    f"{a['share_stopped_at_cap']:.0%} stopped at the cap of {irt.ADAPTIVE_MAX_ANSWERS}, settled verdicts right "
                    f"{_percent(a['settled_accuracy'])}"
                )
    lines.append(f"({result.get('seconds', 0)} s, seed {result['settings']['seed']})")
    return lines


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"
