"""Item response theory for Rungs, in pure Python (no Django, no numpy): see docs/readiness.md.

The model
- An item (question) has discrimination `a`, difficulty `b` and a guessing floor `c`:
      P(right | theta) = c + (1 - c) * logistic(a * (theta - b))            (3PL with a fixed c)
  Partly right answers (multiple choice, judgement, open) count as a fractional outcome s in [0, 1], with
  likelihood P^s (1 - P)^(1 - s).
- Abilities are hierarchical: within an area, theta_competency = eta_area + delta_competency, with
  eta_area ~ N(0, AREA_SD^2) and delta ~ N(0, COMPETENCY_SD^2). An answer on one competency therefore also moves
  the estimates of the area's other competencies, a little, through eta: strength borrowed from related skills.
- The posterior over (eta, delta_1..delta_n) of an area is kept as one Gaussian (mean vector, covariance matrix)
  and updated answer by answer (assumed-density filtering): the exact posterior of the one coordinate the answer
  speaks about is found by Newton's method (a Laplace approximation), turned into an equivalent Gaussian
  observation, and spread to the whole vector with a Kalman update. Each answer costs O(n^2), n <= 12, and no
  history is read again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

AREA_SD = 1.0
COMPETENCY_SD = 0.6
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


# --- a Gaussian belief over an area ----------------------------------------------------------------------------------


@dataclass
class Belief:
    """Mean and covariance over (eta, delta_1, ..., delta_n) of one area, n = number of its competencies."""

    mean: list[float]
    cov: list[list[float]]

    @classmethod
    def prior(
        cls, competencies: int, area_sd: float = AREA_SD, competency_sd: float = COMPETENCY_SD
    ) -> Belief:
        size = competencies + 1
        cov = [[0.0] * size for _ in range(size)]
        cov[0][0] = area_sd * area_sd
        for i in range(1, size):
            cov[i][i] = competency_sd * competency_sd
        return cls([0.0] * size, cov)

    @classmethod
    def flat(cls, mean: float = 0.0, variance: float = 1.0) -> Belief:
        """A single ability with a N(mean, variance) prior and no hierarchy (used to cross-check the maths)."""
        return cls([mean], [[variance]])

    def to_json(self) -> dict:
        return {"mean": self.mean, "cov": self.cov}

    @classmethod
    def from_json(cls, data: dict) -> Belief:
        return cls([float(x) for x in data["mean"]], [[float(x) for x in row] for row in data["cov"]])

    def loading(self, competency: int) -> list[int]:
        """The coordinates whose sum is a competency's ability: eta and the competency's own delta (index 0-based
        within the area), or the single coordinate of a flat belief."""
        return [0] if len(self.mean) == 1 else [0, competency + 1]

    def ability(self, competency: int) -> tuple[float, float]:
        """(mean, variance) of theta for one competency of the area."""
        return self.combined(self.loading(competency))

    def combined(self, idx: list[int]) -> tuple[float, float]:
        """(mean, variance) of the sum of the coordinates `idx`."""
        return sum(self.mean[i] for i in idx), sum(self.cov[i][j] for i in idx for j in idx)

    def observe(self, competency: int, item: Item, score: float, weight: float = 1.0) -> None:
        self.observe_sum(self.loading(competency), item, score, weight)

    def observe_sum(self, idx: list[int], item: Item, score: float, weight: float = 1.0) -> None:
        """Update with one answer about the ability sum(coordinates idx); an answer of weight 0 changes nothing."""
        if weight <= 0:
            return
        prior_mean, prior_var = self.combined(idx)
        mode, info = laplace_update(prior_mean, prior_var, item, score, weight)
        if info <= 1e-12:
            return
        noise = 1.0 / info
        # The Gaussian pseudo-observation y ~ N(theta, noise) that moves N(prior_mean, prior_var) to the Laplace
        # posterior N(mode, 1 / (1 / prior_var + info)).
        observed = mode + noise * (mode - prior_mean) / prior_var
        cov_h = [sum(row[i] for i in idx) for row in self.cov]  # Sigma @ h
        gain = [x / (prior_var + noise) for x in cov_h]
        innovation = observed - prior_mean
        size = len(self.mean)
        self.mean = [self.mean[i] + gain[i] * innovation for i in range(size)]
        self.cov = [[self.cov[i][j] - gain[i] * cov_h[j] for j in range(size)] for i in range(size)]


# --- stage readiness -------------------------------------------------------------------------------------------------

READY, ALMOST = 0.8, 0.6
VERDICT_BOUNDARIES = (ALMOST, READY)
RANGE_Z = 1.2816  # an 80% range
MIN_EVIDENCE = 10  # scored answers on the stage's competencies before any verdict
MAX_RANGE_WIDTH = 0.5


@dataclass(frozen=True)
class Requirement:
    competency: int  # index within its area
    weight: float
    threshold: float


def normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def meet_probability(mean: float, variance: float, threshold: float) -> float:
    return normal_cdf((mean - threshold) / math.sqrt(max(variance, 1e-12)))


def area_contribution(belief: Belief, requirements: list[Requirement]) -> tuple[float, float]:
    """Mean and variance of sum(weight * [theta >= threshold]) over one area's requirements of a stage.

    Abilities of one area move together, so the indicators are correlated: their covariances come from the
    tetrachoric series of the bivariate normal (exact in the limit, 8 terms here), clipped to what is possible."""
    stats = []
    for r in requirements:
        mean, variance = belief.ability(r.competency)
        sd = math.sqrt(max(variance, 1e-12))
        stats.append((r, (r.threshold - mean) / sd, sd))
    expected = sum(r.weight * (1.0 - normal_cdf(h)) for r, h, _ in stats)
    variance = 0.0
    for i, (ri, hi, sdi) in enumerate(stats):
        pi = 1.0 - normal_cdf(hi)
        variance += ri.weight * ri.weight * pi * (1.0 - pi)
        for rj, hj, sdj in stats[i + 1 :]:
            pj = 1.0 - normal_cdf(hj)
            rho = _covariance(belief, ri.competency, rj.competency) / (sdi * sdj)
            variance += 2.0 * ri.weight * rj.weight * _indicator_covariance(hi, hj, pi, pj, rho)
    return expected, max(variance, 0.0)


def _covariance(belief: Belief, first: int, second: int) -> float:
    a, b = belief.loading(first), belief.loading(second)
    return sum(belief.cov[i][j] for i in a for j in b)


def _indicator_covariance(h: float, k: float, p: float, q: float, rho: float) -> float:
    """Cov([X >= h], [Y >= k]) for standard normals with correlation rho: the tetrachoric series
    phi(h) phi(k) sum_n rho^n / n! He_{n-1}(h) He_{n-1}(k)."""
    rho = max(-0.999, min(0.999, rho))
    he_h, he_k = [1.0, h], [1.0, k]
    for n in range(2, 8):
        he_h.append(h * he_h[n - 1] - (n - 1) * he_h[n - 2])
        he_k.append(k * he_k[n - 1] - (n - 1) * he_k[n - 2])
    series = sum(rho**n / math.factorial(n) * he_h[n - 1] * he_k[n - 1] for n in range(1, 9 - 1))
    covariance = _pdf(h) * _pdf(k) * series
    return max(-min(p * q, (1 - p) * (1 - q)), min(covariance, min(p, q) - p * q))


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


def readiness(contributions: list[tuple[float, float]], total_weight: float, evidence: int) -> Readiness:
    """Combine the areas' (mean, variance) contributions (areas are independent a posteriori)."""
    if total_weight <= 0:
        return Readiness(0.0, 0.0, 0.0, evidence, "insufficient")
    mean = sum(m for m, _ in contributions) / total_weight
    sd = math.sqrt(sum(v for _, v in contributions)) / total_weight
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
