"""Item response theory for Rungs, in pure Python (no Django, no numpy): see docs/readiness.md.

The model
- An item (question) has discrimination `a`, difficulty `b` and a guessing floor `c`:
      P(right | theta) = c + (1 - c) * logistic(a * (theta - b))            (3PL with a fixed c)
  Partly right answers (multiple choice, judgement, open) count as a fractional outcome s in [0, 1], with
  likelihood P^s (1 - P)^(1 - s).
- Abilities are hierarchical: theta_competency = g + eta_area + delta_competency, an overall ability, the area's
  deviation and the competency's own, with independent normal priors (OVERALL_SD, AREA_SD, COMPETENCY_SD). An
  answer on one competency therefore also moves its area's other competencies (through eta and g) and, less, every
  other competency (through g): strength borrowed from related skills, as real skills are correlated.
- The posterior over (g, eta_1..eta_A, delta_1..delta_C) is kept as one Gaussian (mean vector, covariance matrix)
  and updated answer by answer (assumed-density filtering): the exact posterior of the one ability the answer
  speaks about is found by Newton's method (a Laplace approximation), turned into an equivalent Gaussian
  observation, and spread to the whole vector with a Kalman update. Each answer costs O(n^2) with n = 1 + A + C
  (36 for the current profile), and no history is read again.
"""

from __future__ import annotations

import itertools
import math
import operator
from dataclasses import dataclass

OVERALL_SD = 1.0
AREA_SD = 0.6
COMPETENCY_SD = 0.5
THETA_LIMIT = 6.0
NEWTON_STEPS = 8
REPEAT_DISCOUNT = 0.5  # the k-th answer to the same question weighs REPEAT_DISCOUNT ** (k - 1)


# --- items ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    a: float
    b: float
    c: float = 0.0


def difficulty_to_b(difficulty: int) -> float:
    """Authored difficulty 1..5 maps to -2..2 on the ability scale; 3 (medium) sits at the average candidate."""
    return float(difficulty - 3)


def guessing_floor(kind: str, option_count: int) -> float:
    """The chance of a right answer by luck: 1/k for pick-one questions; none for the others."""
    if kind in ("single", "true_false", "judgement") and option_count > 0:
        return 1.0 / option_count
    return 0.0


def level_threshold(level: int) -> float:
    """The ability that meets target level 1..5: the point where items of that difficulty are answered right
    about as often as wrong (ignoring guessing), on the same scale as difficulty_to_b."""
    return difficulty_to_b(level)


def ability_to_level(theta: float) -> float:
    return min(5.0, max(1.0, theta + 3.0))


def logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def p_right(theta: float, item: Item) -> float:
    return item.c + (1.0 - item.c) * logistic(item.a * (theta - item.b))


def information(theta: float, item: Item) -> float:
    """Fisher information of the item at theta: how much one answer tells about an ability near theta."""
    p = p_right(theta, item)
    slope = _slope(theta, item)
    return slope * slope / max(p * (1.0 - p), 1e-12)


def _slope(theta: float, item: Item) -> float:
    curve = logistic(item.a * (theta - item.b))
    return (1.0 - item.c) * item.a * curve * (1.0 - curve)


def _score_gradient(theta: float, item: Item, score: float) -> float:
    p = min(max(p_right(theta, item), 1e-9), 1 - 1e-9)
    return (score - p) / (p * (1.0 - p)) * _slope(theta, item)


def expected_p_right(mean: float, variance: float, item: Item) -> float:
    """P(right) averaged over the ability's uncertainty (the probit approximation of a logistic-normal integral)."""
    scale = item.a / math.sqrt(1.0 + math.pi * item.a * item.a * variance / 8.0)
    return item.c + (1.0 - item.c) * logistic(scale * (mean - item.b))


# --- the one-dimensional Laplace step -----------------------------------------------------------------------------------


def laplace_update(
    mean: float, variance: float, item: Item, score: float, weight: float = 1.0
) -> tuple[float, float]:
    """Posterior mode and information of one coordinate with prior N(mean, variance) after one (weighted) answer.

    Returns (mode, information_of_the_answer_at_the_mode)."""
    theta = mean
    for _ in range(NEWTON_STEPS):
        gradient = weight * _score_gradient(theta, item, score) - (theta - mean) / variance
        curvature = weight * information(theta, item) + 1.0 / variance
        step = gradient / curvature
        theta = min(THETA_LIMIT, max(-THETA_LIMIT, theta + step))
        if abs(step) < 1e-7:
            break
    return theta, weight * information(theta, item)


# --- a Gaussian belief over a candidate's abilities ------------------------------------------------------------------


@dataclass
class Belief:
    """Mean and covariance over (g, eta_1..eta_A, delta_1..delta_C): an overall ability g, one deviation per area and
    one per competency, competencies numbered area by area. A competency's ability is g + eta_area + delta.

    `areas` gives the number of competencies in each area, in order. A flat belief (`Belief.flat`) has a single
    coordinate and no structure."""

    mean: list[float]
    cov: list[list[float]]
    areas: list[int]

    @classmethod
    def prior(cls, areas: list[int], overall_sd: float = OVERALL_SD, area_sd: float = AREA_SD,
              competency_sd: float = COMPETENCY_SD) -> Belief:  # fmt: skip
        variances = [overall_sd**2] + [area_sd**2] * len(areas) + [competency_sd**2] * sum(areas)
        size = len(variances)
        cov = [[variances[i] if i == j else 0.0 for j in range(size)] for i in range(size)]
        return cls([0.0] * size, cov, list(areas))

    @classmethod
    def flat(cls, mean: float = 0.0, variance: float = 1.0) -> Belief:
        """A single ability with a N(mean, variance) prior and no hierarchy (used to cross-check the maths)."""
        return cls([mean], [[variance]], [])

    def to_json(self) -> dict:
        return {"areas": self.areas, "mean": [round(x, 6) for x in self.mean],
                "cov": [[round(x, 8) for x in row] for row in self.cov]}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> Belief:
        return cls([float(x) for x in data["mean"]], [[float(x) for x in row] for row in data["cov"]],
                   [int(n) for n in data["areas"]])  # fmt: skip

    def loading(self, competency: int) -> list[int]:
        """The coordinates whose sum is competency number `competency` (0-based, area by area)."""
        if not self.areas:
            return [0]
        area, first = 0, 0
        while competency >= first + self.areas[area]:
            first += self.areas[area]
            area += 1
        return [0, 1 + area, 1 + len(self.areas) + competency]

    def ability(self, competency: int) -> tuple[float, float]:
        """(mean, variance) of one competency's ability."""
        return self.combined(self.loading(competency))

    def combined(self, idx: list[int]) -> tuple[float, float]:
        """(mean, variance) of the sum of the coordinates `idx`."""
        return sum(self.mean[i] for i in idx), sum(self.cov[i][j] for i in idx for j in idx)

    def covariance(self, first: int, second: int) -> float:
        a, b = self.loading(first), self.loading(second)
        return sum(self.cov[i][j] for i in a for j in b)

    def observe(self, competency: int, item: Item, score: float, weight: float = 1.0) -> None:
        """Update with one answer about one competency; an answer of weight 0 changes nothing."""
        if weight <= 0:
            return
        idx = self.loading(competency)
        prior_mean, prior_var = self.combined(idx)
        mode, info = laplace_update(prior_mean, prior_var, item, score, weight)
        if info <= 1e-12:
            return
        noise = 1.0 / info
        # The Gaussian pseudo-observation y ~ N(theta, noise) that moves N(prior_mean, prior_var) to the Laplace
        # posterior N(mode, 1 / (1 / prior_var + info)).
        observed = mode + noise * (mode - prior_mean) / prior_var
        cov_h = [sum(row[i] for i in idx) for row in self.cov]  # Sigma @ h
        scale = (observed - prior_mean) / (prior_var + noise)
        shrink = 1.0 / (prior_var + noise)
        self.mean = [m + c * scale for m, c in zip(self.mean, cov_h, strict=True)]
        self.cov = [
            [value - ci * shrink * cj for value, cj in zip(row, cov_h, strict=True)]
            for row, ci in zip(self.cov, cov_h, strict=True)
        ]


def prior_ability() -> tuple[float, float]:
    """(mean, variance) of any competency's ability before a single answer."""
    return 0.0, OVERALL_SD**2 + AREA_SD**2 + COMPETENCY_SD**2


# --- stage readiness -------------------------------------------------------------------------------------------------

READY, ALMOST = 0.8, 0.6
VERDICT_BOUNDARIES = (ALMOST, READY)
RANGE_Z = 1.2816  # an 80% range
MIN_EVIDENCE = 10  # scored answers on the stage's competencies before any verdict
MAX_RANGE_WIDTH = 0.5


@dataclass(frozen=True)
class Requirement:
    competency: int  # the competency's number in the belief
    weight: float
    threshold: float


def normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def meet_probability(mean: float, variance: float, threshold: float) -> float:
    return normal_cdf((mean - threshold) / math.sqrt(max(variance, 1e-12)))


class JointAbilities:
    """The competencies' ability moments under one belief: each one's mean, sd and covariances (Sigma h), and each
    pair's correlation with its powers. Computed on first use and kept, because every stage asks about the same
    competencies (at different levels): the stages of one answer share this work."""

    def __init__(self, belief: Belief) -> None:
        self.belief = belief
        self._moments: dict[int, tuple[float, float, list[int], list[float]]] = {}
        self._rho_powers: dict[tuple[int, int], list[float]] = {}

    def moments(self, competency: int) -> tuple[float, float, list[int], list[float]]:
        """(mean, sd, loading, Sigma h) of one competency's ability."""
        found = self._moments.get(competency)
        if found is None:
            idx = self.belief.loading(competency)
            cov_h = [sum(row[i] for i in idx) for row in self.belief.cov]  # covariances with every coordinate
            mean, variance = sum(self.belief.mean[i] for i in idx), sum(cov_h[i] for i in idx)
            found = self._moments[competency] = (mean, math.sqrt(max(variance, 1e-12)), idx, cov_h)
        return found

    def rho_powers(self, first: int, second: int) -> list[float]:
        """rho, rho^2, ..., rho^SERIES_TERMS for the correlation of two competencies' abilities."""
        key = (first, second) if first <= second else (second, first)
        found = self._rho_powers.get(key)
        if found is None:
            _, sd_first, _, cov_h = self.moments(first)
            _, sd_second, idx_second, _ = self.moments(second)
            rho = max(-0.999, min(0.999, sum(cov_h[k] for k in idx_second) / (sd_first * sd_second)))
            found = self._rho_powers[key] = list(
                itertools.accumulate(itertools.repeat(rho, SERIES_TERMS), operator.mul)
            )
        return found


def requirements_met(
    belief: Belief, requirements: list[Requirement], joint: JointAbilities | None = None
) -> tuple[float, float]:
    """Mean and variance of sum(weight * [theta >= threshold]) over a stage's requirements.

    Abilities move together, so the indicators are correlated: their covariances come from the tetrachoric series
    of the bivariate normal, phi(h) phi(k) sum_n rho^n / n! He_{n-1}(h) He_{n-1}(k) (SERIES_TERMS terms), clipped
    to what is possible for two indicators with those means. `joint` carries moments over from other stages."""
    joint = joint or JointAbilities(belief)
    terms = []
    for r in requirements:
        mean, sd, _, _ = joint.moments(r.competency)
        h = (r.threshold - mean) / sd
        terms.append((r.competency, r.weight, 1.0 - normal_cdf(h), _pdf(h), _hermite_over_factorial(h)))
    expected = sum(weight * p for _, weight, p, _, _ in terms)
    variance = 0.0
    for i, (ci, wi, pi, phi_i, he_i) in enumerate(terms):
        variance += wi * wi * pi * (1.0 - pi)
        for cj, wj, pj, phi_j, he_j in terms[i + 1 :]:
            series = math.sumprod(joint.rho_powers(ci, cj), map(operator.mul, he_i, he_j))
            covariance = phi_i * phi_j * series
            covariance = max(-min(pi * pj, (1 - pi) * (1 - pj)), min(covariance, min(pi, pj) - pi * pj))
            variance += 2.0 * wi * wj * covariance
    return expected, max(variance, 0.0)


SERIES_TERMS = 8


def _hermite_over_factorial(x: float) -> list[float]:
    """He_{n-1}(x) / sqrt(n!) for n = 1..SERIES_TERMS: the series' 1/n! split between the two indicators."""
    values = [1.0, x]
    for n in range(2, SERIES_TERMS):
        values.append(x * values[n - 1] - (n - 1) * values[n - 2])
    return [value / math.sqrt(math.factorial(n + 1)) for n, value in enumerate(values)]


def _pdf(x: float) -> float:
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


@dataclass(frozen=True)
class Readiness:
    expected: float  # weighted share of requirements met, 0-1
    low: float
    high: float
    evidence: int
    verdict: str  # ready | almost | not_yet | insufficient

    @property
    def settled(self) -> bool:
        """The range no longer crosses a verdict boundary (and there is enough evidence to say anything)."""
        return self.verdict != "insufficient" and not any(
            self.low < b < self.high for b in VERDICT_BOUNDARIES
        )


def readiness(
    belief: Belief, requirements: list[Requirement], evidence: int, joint: JointAbilities | None = None
) -> Readiness:
    """A stage's readiness: the weighted share of its requirements met, with an 80% range and a verdict. Pass one
    `joint` to the readiness of several stages under the same belief to compute the shared moments once."""
    total_weight = sum(r.weight for r in requirements)
    if total_weight <= 0:
        return Readiness(0.0, 0.0, 0.0, evidence, "insufficient")
    met, variance = requirements_met(belief, requirements, joint)
    mean = met / total_weight
    sd = math.sqrt(variance) / total_weight
    low, high = max(0.0, mean - RANGE_Z * sd), min(1.0, mean + RANGE_Z * sd)
    return Readiness(mean, low, high, evidence, verdict_for(mean, low, high, evidence))


def verdict_for(expected: float, low: float, high: float, evidence: int) -> str:
    if evidence < MIN_EVIDENCE or high - low > MAX_RANGE_WIDTH:
        return "insufficient"
    if expected >= READY:
        return "ready"
    if expected >= ALMOST:
        return "almost"
    return "not_yet"


def repeat_weight(previous_answers: int) -> float:
    """A question answered again is not fresh evidence: the first answer counts fully, each repeat half as much as
    the one before (1, 1/2, 1/4, ...), so one question can never weigh more than two."""
    return REPEAT_DISCOUNT**previous_answers


# --- adaptive selection -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    key: object  # whatever identifies the question to the caller
    competency: object
    item: Item


@dataclass(frozen=True)
class Target:
    """What the adaptive test knows of one required competency right now."""

    mean: float
    variance: float
    weight: float
    threshold: float
    administered: int  # questions on it so far in this assessment


def competency_priority(target: Target) -> float:
    """Where the stage verdict is least certain, weighted by how much the competency counts, and spread out:
    weight * p(1 - p) for p = P(meets the target), divided by 1 + questions already asked on it."""
    p = meet_probability(target.mean, target.variance, target.threshold)
    return target.weight * p * (1.0 - p) / (1.0 + target.administered)


def choose_next(candidates: list[Candidate], targets: dict, rng, top_k: int = 3) -> Candidate | None:
    """The next question: the most informative at the current estimate (maximum Fisher information) within the
    competency of highest priority; a random pick among the `top_k` best items keeps the same questions from
    always coming first (randomesque exposure control)."""
    by_competency: dict = {}
    for candidate in candidates:
        if candidate.competency in targets:
            by_competency.setdefault(candidate.competency, []).append(candidate)
    if not by_competency:
        return None
    competency = max(by_competency, key=lambda key: (competency_priority(targets[key]), str(key)))
    theta = targets[competency].mean
    ranked = sorted(by_competency[competency], key=lambda c: information(theta, c.item), reverse=True)
    return rng.choice(ranked[:top_k])


# --- item calibration ------------------------------------------------------------------------------------------------

MIN_CALIBRATION_ANSWERS = 30
CALIBRATION_PRIOR_SD = (
    1.0  # keeps a new estimate near the authored difficulty until the answers say otherwise
)


def calibrate_difficulty(answers: list[tuple[float, float]], item: Item, prior_b: float) -> float:
    """The difficulty b that best explains `answers` ((respondent ability, score) pairs) with a and c held fixed:
    a maximum a posteriori estimate with a N(prior_b, CALIBRATION_PRIOR_SD^2) prior, by Newton's method."""
    b = item.b
    for _ in range(25):
        gradient = -(b - prior_b) / CALIBRATION_PRIOR_SD**2
        curvature = 1.0 / CALIBRATION_PRIOR_SD**2
        for theta, score in answers:
            shifted = Item(item.a, b, item.c)
            # d/db of the log-likelihood is minus d/dtheta; the information is the same.
            gradient -= _score_gradient(theta, shifted, score)
            curvature += information(theta, shifted)
        step = gradient / curvature
        b = max(-THETA_LIMIT, min(THETA_LIMIT, b + step))
        if abs(step) < 1e-6:
            break
    return b
