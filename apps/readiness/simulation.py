"""Validation by simulation: simulated candidates with known abilities answer the real bank.

The candidates' abilities are correlated across competencies, as real skills are (an overall ability, an area
ability, a competency's own part). They answer by a standard IRT model whose item parameters the estimator is
not told: discriminations vary around 1, difficulties scatter around what the authors wrote, pick-one questions
can be guessed. Beside our estimator runs an oracle that knows the true item parameters and the true structure
of abilities within an area: the best an estimator of this family could do on the same answers.

Pure Python, no Django: `manage.py simulate_readiness` feeds it the bank from fixtures/*.json.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from . import irt

# The true structure of abilities: overall, area, competency (each standardised to variance 1 around the
# population's overall level). The population is wider and a little stronger than the prior the estimator assumes,
# so that every verdict occurs often at every stage, and the estimator is not flattered by a prior that fits.
OVERALL_LOADING, AREA_LOADING = 0.8, 0.85
POPULATION_MEAN, POPULATION_SD = 0.5, 1.3
TRUE_A_SD, TRUE_B_SD = (
    0.25,
    0.4,
)  # log-normal spread of discrimination; scatter of difficulty around the authored
SCORED_KINDS = {"single", "multiple", "true_false", "judgement"}


@dataclass(frozen=True)
class SimItem:
    key: str
    competency: str
    kind: str
    authored: irt.Item


@dataclass
class Bank:
    areas: dict[str, list[str]]  # area -> its measured competencies, in belief order
    items: list[SimItem]
    stages: dict[str, list[tuple[str, float, float]]]  # stage -> (competency, weight, threshold)

    def number(self, competency: str) -> int:
        """The competency's number in a belief laid out area by area."""
        return self._number[competency]

    def __post_init__(self) -> None:
        self._number = {c: i for i, c in enumerate(c for cs in self.areas.values() for c in cs)}


def bank_from_fixtures(profile: dict, questions: dict) -> Bank:
    """The real bank: every published choice question of a measured competency, with the authored parameters."""
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
        SimItem(
            q["id"],
            q["competency"],
            q["kind"],
            irt.Item(
                1.0, irt.difficulty_to_b(q["difficulty"]), irt.guessing_floor(q["kind"], len(q["choices"]))
            ),
        )
        for q in questions["questions"]
        if q["status"] == "published" and q["kind"] in SCORED_KINDS and q["competency"] in measured_slugs
    ]
    return Bank(areas, items, dict(stages))


# --- simulated candidates and items ---------------------------------------------------------------------------------


def draw_abilities(bank: Bank, rng: random.Random) -> dict[str, float]:
    overall = rng.gauss(0, 1)
    level = (
        POPULATION_MEAN + (POPULATION_SD - 1) * overall
    )  # spreads candidates beyond the unit-variance structure
    abilities = {}
    for competencies in bank.areas.values():
        area = OVERALL_LOADING * overall + math.sqrt(1 - OVERALL_LOADING**2) * rng.gauss(0, 1)
        for competency in competencies:
            own = math.sqrt(1 - AREA_LOADING**2) * rng.gauss(0, 1)
            abilities[competency] = level + AREA_LOADING * area + own
    return abilities


def draw_true_items(bank: Bank, rng: random.Random) -> dict[str, irt.Item]:
    return {
        item.key: irt.Item(
            a=math.exp(rng.gauss(0, TRUE_A_SD)),
            b=item.authored.b + rng.gauss(0, TRUE_B_SD),
            c=item.authored.c,
        )
        for item in bank.items
    }


def true_readiness(bank: Bank, stage: str, abilities: dict[str, float]) -> float:
    requirements = bank.stages[stage]
    met = sum(weight for competency, weight, threshold in requirements if abilities[competency] >= threshold)
    return met / sum(weight for _, weight, _ in requirements)


def true_verdict(readiness: float) -> str:
    return "ready" if readiness >= irt.READY else "almost" if readiness >= irt.ALMOST else "not_yet"


def clearly_decided(readiness: float, margin: float = 0.10) -> bool:
    return all(abs(readiness - boundary) >= margin for boundary in irt.VERDICT_BOUNDARIES)


# --- an estimator: our model (authored parameters) or the oracle (true parameters and structure) -----------------------


@dataclass
class Estimator:
    bank: Bank
    items: dict[str, irt.Item]  # the parameters this estimator believes
    overall_mean: float = 0.0
    overall_sd: float = irt.OVERALL_SD
    area_sd: float = irt.AREA_SD
    competency_sd: float = irt.COMPETENCY_SD
    answered: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.belief = irt.Belief.prior(
            [len(cs) for cs in self.bank.areas.values()], self.overall_sd, self.area_sd, self.competency_sd
        )
        self.belief.mean[0] = self.overall_mean
        self.requirements = {
            stage: [irt.Requirement(self.bank.number(c), w, t) for c, w, t in reqs]
            for stage, reqs in self.bank.stages.items()
        }

    def ability(self, competency: str) -> tuple[float, float]:
        return self.belief.ability(self.bank.number(competency))

    def predict(self, item: SimItem) -> float:
        return irt.expected_p_right(*self.ability(item.competency), self.items[item.key])

    def observe(self, item: SimItem, score: float) -> None:
        self.belief.observe(self.bank.number(item.competency), self.items[item.key], score)
        self.answered[item.competency] += 1

    def readiness(self, stage: str) -> irt.Readiness:
        evidence = sum(self.answered[c] for c, _, _ in self.bank.stages[stage])
        return irt.readiness(self.belief, self.requirements[stage], evidence)


def ours(bank: Bank) -> Estimator:
    return Estimator(bank, {item.key: item.authored for item in bank.items})


def oracle(bank: Bank, true_items: dict[str, irt.Item]) -> Estimator:
    """Knows the true item parameters and the true structure of abilities (overall, area, own parts)."""
    # theta = mean + ((S - 1) + L_area L_overall) z + L_area sqrt(1 - L_overall^2) e_area + sqrt(1 - L_area^2) e_own
    return Estimator(
        bank,
        true_items,
        overall_mean=POPULATION_MEAN,
        overall_sd=(POPULATION_SD - 1) + AREA_LOADING * OVERALL_LOADING,
        area_sd=AREA_LOADING * math.sqrt(1 - OVERALL_LOADING**2),
        competency_sd=math.sqrt(1 - AREA_LOADING**2),
    )


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
    buckets: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for predicted, observed in pairs:
        buckets[min(bins - 1, int(predicted * bins))].append((predicted, observed))
    return sum(
        len(b) / len(pairs) * abs(sum(p for p, _ in b) / len(b) - sum(o for _, o in b) / len(b))
        for b in buckets.values()
    )


# --- the experiment --------------------------------------------------------------------------------------------------


@dataclass
class Report:
    candidates: int
    competency_rho: float
    competency_rho_oracle: float
    stage_rho: dict[str, float]
    stage_rho_oracle: dict[str, float]
    verdict_accuracy: dict[str, float]
    clear_candidates: dict[str, int]
    true_verdicts: dict[str, dict[str, int]]
    calibration_error: float
    adaptive_stage: str
    adaptive_items: int
    random_full_accuracy: float
    adaptive_needed: int
    adaptive_stop_length: float
    adaptive_stop_accuracy: float

    @property
    def adaptive_share(self) -> float:
        """Questions the adaptive mode asks (with its stopping rule), as a share of the stage's questions."""
        return self.adaptive_stop_length / self.adaptive_items

    @property
    def fixed_length_share(self) -> float:
        """The same, if every candidate had to get the same number of questions (no stopping rule)."""
        return self.adaptive_needed / self.adaptive_items

    def lines(self) -> list[str]:
        ratio = self.competency_rho / self.competency_rho_oracle
        out = [
            f"simulated candidates: {self.candidates}",
            f"ability, Spearman per competency (mean over competencies): ours {self.competency_rho:.3f}, "
            f"oracle {self.competency_rho_oracle:.3f}, ratio {ratio:.1%}",
        ]
        for stage in self.stage_rho:
            out.append(
                f"stage {stage}: readiness Spearman ours {self.stage_rho[stage]:.3f}, oracle "
                f"{self.stage_rho_oracle[stage]:.3f} ({self.stage_rho[stage] / self.stage_rho_oracle[stage]:.1%}); "
                f"verdict accuracy {self.verdict_accuracy[stage]:.1%} on {self.clear_candidates[stage]} clear candidates "
                f"(true verdicts: {', '.join(f'{k} {v}' for k, v in sorted(self.true_verdicts[stage].items()))})"
            )
        out += [
            f"calibration of predicted P(right), expected calibration error: {self.calibration_error:.3f}",
            f"adaptive ({self.adaptive_stage}, {self.adaptive_items} questions): every question in random order gives "
            f"verdict accuracy {self.random_full_accuracy:.1%}; the adaptive mode stops after "
            f"{self.adaptive_stop_length:.1f} questions on average ({self.adaptive_share:.1%}) with verdict accuracy "
            f"{self.adaptive_stop_accuracy:.1%}",
            f"  (without its stopping rule, the same number of questions for everyone, adaptive order reaches that "
            f"accuracy after {self.adaptive_needed} questions, {self.fixed_length_share:.1%})",
        ]
        return out


def run(
    bank: Bank, *, candidates: int, seed: int, adaptive_stage: str = "senior-ai-backend-engineer"
) -> Report:
    rng = random.Random(seed)
    stages = list(bank.stages)
    truth_theta, est_theta, orc_theta = defaultdict(list), defaultdict(list), defaultdict(list)
    truth_ready, est_ready, orc_ready = defaultdict(list), defaultdict(list), defaultdict(list)
    verdict_hits, verdict_total = defaultdict(int), defaultdict(int)
    verdict_mix: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    predictions: list[tuple[float, float]] = []
    stage_items = [
        item for item in bank.items if item.competency in {c for c, _, _ in bank.stages[adaptive_stage]}
    ]
    adaptive_runs = []
    for _ in range(candidates):
        abilities = draw_abilities(bank, rng)
        true_items = draw_true_items(bank, rng)
        answers = {item.key: float(rng.random() < irt.p_right(abilities[item.competency], true_items[item.key]))
                   for item in bank.items}  # fmt: skip
        estimator, best = ours(bank), oracle(bank, true_items)
        for item in rng.sample(bank.items, len(bank.items)):
            predictions.append((estimator.predict(item), answers[item.key]))
            estimator.observe(item, answers[item.key])
            best.observe(item, answers[item.key])
        for competency, theta in abilities.items():
            truth_theta[competency].append(theta)
            est_theta[competency].append(estimator.ability(competency)[0])
            orc_theta[competency].append(best.ability(competency)[0])
        for stage in stages:
            truth = true_readiness(bank, stage, abilities)
            mine = estimator.readiness(stage)
            truth_ready[stage].append(truth)
            est_ready[stage].append(mine.expected)
            orc_ready[stage].append(best.readiness(stage).expected)
            verdict_mix[stage][true_verdict(truth)] += 1
            if clearly_decided(truth):
                verdict_total[stage] += 1
                verdict_hits[stage] += mine.verdict == true_verdict(truth)
        adaptive_runs.append(_adaptive_run(bank, adaptive_stage, stage_items, abilities, answers, rng))
    competency_rho = _mean(spearman(truth_theta[c], est_theta[c]) for c in truth_theta)
    competency_rho_oracle = _mean(spearman(truth_theta[c], orc_theta[c]) for c in truth_theta)
    random_full, needed, stop_length, stop_accuracy = _adaptive_summary(adaptive_runs)
    return Report(
        candidates=candidates,
        competency_rho=competency_rho,
        competency_rho_oracle=competency_rho_oracle,
        stage_rho={s: spearman(truth_ready[s], est_ready[s]) for s in stages},
        stage_rho_oracle={s: spearman(truth_ready[s], orc_ready[s]) for s in stages},
        verdict_accuracy={s: verdict_hits[s] / max(verdict_total[s], 1) for s in stages},
        clear_candidates=dict(verdict_total),
        true_verdicts={stage: dict(mix) for stage, mix in verdict_mix.items()},
        calibration_error=expected_calibration_error(predictions),
        adaptive_stage=adaptive_stage,
        adaptive_items=len(stage_items),
        random_full_accuracy=random_full,
        adaptive_needed=needed,
        adaptive_stop_length=stop_length,
        adaptive_stop_accuracy=stop_accuracy,
    )


@dataclass
class _AdaptiveRun:
    clear: bool
    truth: str
    random_final: str
    adaptive_verdicts: list[str]  # after 1, 2, ... questions
    stopped_at: int
    stopped_verdict: str


def _adaptive_run(bank, stage, stage_items, abilities, answers, rng) -> _AdaptiveRun:
    truth = true_readiness(bank, stage, abilities)
    random_order = ours(bank)
    for item in rng.sample(stage_items, len(stage_items)):
        random_order.observe(item, answers[item.key])
    adaptive = ours(bank)
    remaining = {item.key: item for item in stage_items}
    administered: dict[str, int] = defaultdict(int)
    verdicts, stopped_at, stopped_verdict = [], None, None
    requirements = bank.stages[stage]
    while remaining:
        targets = {c: irt.Target(*adaptive.ability(c), weight=w, threshold=t, administered=administered[c])
                   for c, w, t in requirements}  # fmt: skip
        candidates = [irt.Candidate(key, item.competency, item.authored) for key, item in remaining.items()]
        chosen = irt.choose_next(candidates, targets, rng)
        item = remaining.pop(chosen.key)
        administered[item.competency] += 1
        adaptive.observe(item, answers[item.key])
        readiness = adaptive.readiness(stage)
        verdicts.append(readiness.verdict)
        if stopped_at is None and readiness.settled and len(verdicts) >= 8:
            stopped_at, stopped_verdict = len(verdicts), readiness.verdict
    final = random_order.readiness(stage).verdict
    return _AdaptiveRun(clearly_decided(truth), true_verdict(truth), final, verdicts,
                        stopped_at or len(verdicts), stopped_verdict or verdicts[-1])  # fmt: skip


def _adaptive_summary(runs: list[_AdaptiveRun]) -> tuple[float, int, float, float]:
    clear = [r for r in runs if r.clear] or runs
    random_full = _mean(r.random_final == r.truth for r in clear)
    length = len(clear[0].adaptive_verdicts)
    needed = length
    for n in range(1, length + 1):
        if _mean(r.adaptive_verdicts[n - 1] == r.truth for r in clear) >= random_full:
            needed = n
            break
    return (
        random_full,
        needed,
        _mean(r.stopped_at for r in runs),
        _mean(r.stopped_verdict == r.truth for r in clear),
    )


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
