"""Item response theory for Rungs, in Python without Django (numpy only for the posterior draws): see
docs/readiness.md.

The model
- An item (question) has discrimination `a`, difficulty `b`, a floor `c` and a ceiling `d`:
      E[score | theta] = c + (d - c) * logistic(a * (theta - b))
  `c` is what a blind answer scores on average under the question's own scoring (1/k for pick-one questions, the
  mean option score for situational judgement, the expected partial credit of random ticks for multiple choice);
  `d` = 1 - SLIP leaves room for a strong candidate's slip. Partly right answers count as a fractional outcome s in
  [0, 1] with likelihood P^s (1 - P)^(1 - s). A difficulty is uncertain (AUTHORED_B_SD, CALIBRATED_B_SD): that is
  integrated out, which flattens the curve a little (`uncertain_item`).
- Abilities are hierarchical: theta_competency = g + eta_area + delta_competency, an overall ability, the area's
  deviation and the competency's own, with independent normal priors whose variances (`Prior`) are learned from
  the population (empirical Bayes, `fit_prior`); until there are enough candidates a default that assumes weak
  correlation stands in.
- Every answer speaks about one competency. Its likelihood is replaced by an equivalent Gaussian observation of
  that competency's ability (a Laplace step at the posterior mode, assumed-density filtering), so the belief is
  fully described by the prior and, per competency, the summed precision and information of those observations.
  The posterior is a Gaussian tree (g -> area -> competency): every marginal is exact for it in O(n), with no
  matrix, and given g and the areas the competencies are independent, which is what makes the stage verdicts'
  probabilities cheap to compute by quasi-Monte-Carlo.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy

THETA_LIMIT = 6.0
NEWTON_STEPS = 8
REPEAT_DISCOUNT = 0.5  # the k-th answer to the same question weighs REPEAT_DISCOUNT ** (k - 1)
SLIP = 0.03  # even a strong candidate misreads about one question in thirty
AUTHORED_B_SD = 0.5  # how far an author's difficulty may be from the truth (half a level)
CALIBRATED_B_SD = 0.4  # the same after `recalibrate_items` has estimated it from 30 answers or more
SHARED_SHIFT_SD = 0.15  # how far all recalibrated difficulties may be off together (anchor_difficulties)


# --- items ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    a: float
    b: float
    c: float = 0.0
    d: float = 1.0


def difficulty_to_b(difficulty: int) -> float:
    """Authored difficulty 1..5 maps to -2..2 on the ability scale; 3 (medium) sits at the average candidate."""
    return float(difficulty - 3)


def blind_score(kind: str, options: list[tuple[bool, float | None]]) -> float:
    """The mean score of an answer given without knowing anything, under the question's scoring
    (apps/attempts/scoring.py); `options` are (is_correct, score) pairs.

    - pick-one (single choice, true/false): 1/k.
    - situational judgement: the mean of the options' scores (one picked at random).
    - multiple choice: +1/C per right tick, -1/W per wrong tick, floored at 0, averaged over all sets of ticks
      (each equally likely: a blind candidate does not know how many to tick).
    - open answers and self-ratings: 0 (not modelled as items)."""
    if not options:
        return 0.0
    if kind in ("single", "true_false"):
        return 1.0 / len(options)
    if kind == "judgement":
        return sum(score or 0.0 for _, score in options) / len(options)
    if kind == "multiple":
        right = sum(1 for correct, _ in options if correct)
        wrong = len(options) - right
        total = 0.0
        for hits in range(right + 1):
            for misses in range(wrong + 1):
                earned = (hits / right if right else 0.0) - (misses / wrong if wrong else 0.0)
                total += math.comb(right, hits) * math.comb(wrong, misses) * max(0.0, earned)
        return total / 2 ** len(options)
    return 0.0


def full_credit_item(kind: str, options: list[tuple[bool, float | None]], item: Item) -> Item:
    """The item for "full credit or not", whose floor is the chance that a blind answer earns full credit: what
    the prior is fitted on (`fit_prior`). A fractional score's likelihood P^s (1 - P)^(1 - s) assumes more noise
    than such a score has, which is harmless in one candidate's estimate (a slightly wider range) but would make
    the fit attribute real differences between candidates to noise."""
    if kind in ("single", "true_false"):
        floor = 1.0 / len(options)
    elif kind == "judgement":
        floor = sum(1 for _, score in options if (score or 0.0) >= 1.0) / len(options)
    else:  # multiple choice: exactly the right set of ticks, among all sets equally likely
        floor = 0.5 ** len(options)
    return Item(item.a, item.b, floor, item.d)


def uncertain_item(a: float, b: float, c: float, b_sd: float, slip: float = SLIP) -> Item:
    """The item with its difficulty's uncertainty integrated out: E_b[logistic(a (theta - b))] for b ~ N(b, b_sd^2)
    is close to logistic(a' (theta - b)) with a' = a / sqrt(1 + pi a^2 b_sd^2 / 8) (the probit approximation).
    A candidate meets each item once, so this is exact enough for one candidate's posterior."""
    return Item(a / math.sqrt(1.0 + math.pi * a * a * b_sd * b_sd / 8.0), b, c, 1.0 - slip)


def authored_item(kind: str, options: list[tuple[bool, float | None]], difficulty: int,
                  a: float | None = None, b: float | None = None) -> Item:  # fmt: skip
    """A question's item: recalibrated parameters where they exist, else what the author gave, with the
    uncertainty of each."""
    b_sd = CALIBRATED_B_SD if b is not None else AUTHORED_B_SD
    return uncertain_item(
        a or 1.0, difficulty_to_b(difficulty) if b is None else b, blind_score(kind, options), b_sd
    )


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
    return item.c + (item.d - item.c) * logistic(item.a * (theta - item.b))


def information(theta: float, item: Item) -> float:
    """Fisher information of the item at theta: how much one answer tells about an ability near theta."""
    p = p_right(theta, item)
    slope = _slope(theta, item)
    return slope * slope / max(p * (1.0 - p), 1e-12)


def _slope(theta: float, item: Item) -> float:
    curve = logistic(item.a * (theta - item.b))
    return (item.d - item.c) * item.a * curve * (1.0 - curve)


def _score_gradient(theta: float, item: Item, score: float) -> float:
    p = min(max(p_right(theta, item), 1e-9), 1 - 1e-9)
    return (score - p) / (p * (1.0 - p)) * _slope(theta, item)


def expected_p_right(mean: float, variance: float, item: Item) -> float:
    """P(right) averaged over the ability's uncertainty (the probit approximation of a logistic-normal integral)."""
    scale = item.a / math.sqrt(1.0 + math.pi * item.a * item.a * variance / 8.0)
    return item.c + (item.d - item.c) * logistic(scale * (mean - item.b))


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


# --- the population's abilities: the prior -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Prior:
    """theta_k = g + eta_A + delta_k with g ~ N(mean, overall), eta_A ~ N(0, area), delta_k ~ N(0, competency):
    variances, on the ability scale. A prior with area = competency = 0 is a single ability (see Belief.flat)."""

    overall: float
    area: float
    competency: float
    mean: float = 0.0

    @classmethod
    def from_correlations(cls, *, variance: float, within: float, across: float, mean: float = 0.0) -> Prior:
        """The prior under which any competency's ability has `variance`, two of one area correlate at `within`
        and two of different areas at `across`."""
        return cls(across * variance, (within - across) * variance, (1.0 - within) * variance, mean)

    @property
    def variance(self) -> float:
        return self.overall + self.area + self.competency

    @property
    def within_area(self) -> float:
        return (self.overall + self.area) / self.variance

    @property
    def across_areas(self) -> float:
        return self.overall / self.variance

    def to_json(self) -> dict:
        return {"overall": self.overall, "area": self.area, "competency": self.competency, "mean": self.mean}


# Until the population's prior is learned: honest when competencies correlate only weakly (0.5 within an area, 0.2
# across), and as wide as candidates spread on the level scale (a standard deviation of 1.25 levels).
DEFAULT_PRIOR = Prior.from_correlations(variance=1.25**2, within=0.5, across=0.2)


def prior_ability(prior: Prior = DEFAULT_PRIOR) -> tuple[float, float]:
    """(mean, variance) of any competency's ability before a single answer."""
    return prior.mean, prior.variance


# --- a Gaussian belief over a candidate's abilities ------------------------------------------------------------------


@dataclass
class Chain:
    """The posterior as a chain of conditionals, each a normal with a mean linear in its parent:
    g ~ N(g_mean, g_var); u_A = g + eta_A | g ~ N(alpha_A + beta_A g, s2_A); theta_k | u_A ~ N(gamma_k + lam_k u_A,
    r2_k). `means` and `variances` are the competencies' marginals."""

    g_mean: float
    g_var: float
    alpha: list[float]
    beta: list[float]
    s2: list[float]
    gamma: list[float]
    lam: list[float]
    r2: list[float]
    area_of: list[int]
    means: list[float]
    variances: list[float]


@dataclass
class Belief:
    """What the answers so far say about a candidate's abilities: the prior, and for each competency (numbered
    area by area; `areas` gives how many each area has) the summed precision and precision-weighted value of the
    Gaussian observations that stand in for its answers. The prior can change under a belief without touching the
    answers' part."""

    areas: list[int]
    prior: Prior = DEFAULT_PRIOR
    precision: list[float] = field(default_factory=list)
    information: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        size = sum(self.areas)
        self.precision = list(self.precision) or [0.0] * size
        self.information = list(self.information) or [0.0] * size
        self._area_of = [area for area, count in enumerate(self.areas) for _ in range(count)]
        self._chain: Chain | None = None

    @classmethod
    def flat(cls, mean: float = 0.0, variance: float = 1.0) -> Belief:
        """A single ability with a N(mean, variance) prior and no hierarchy (used to cross-check the maths)."""
        return cls([1], Prior(variance, 0.0, 0.0, mean))

    def to_json(self) -> dict:
        return {"precision": [round(x, 8) for x in self.precision],
                "information": [round(x, 8) for x in self.information]}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict, areas: list[int], prior: Prior = DEFAULT_PRIOR) -> Belief:
        return cls(
            list(areas), prior, [float(x) for x in data["precision"]], [float(x) for x in data["information"]]
        )

    def chain(self) -> Chain:
        """The posterior's conditionals and marginals, by one pass up the tree and one down (O(n))."""
        if self._chain is None:
            self._chain = _chain(self.prior, self.areas, self._area_of, self.precision, self.information)
        return self._chain

    def ability(self, competency: int) -> tuple[float, float]:
        """(mean, variance) of one competency's ability."""
        chain = self.chain()
        return chain.means[competency], chain.variances[competency]

    def abilities(self) -> list[tuple[float, float]]:
        chain = self.chain()
        return list(zip(chain.means, chain.variances, strict=True))

    def observe(self, competency: int, item: Item, score: float, weight: float = 1.0) -> None:
        """Update with one answer about one competency; an answer of weight 0 changes nothing."""
        if weight <= 0:
            return
        prior_mean, prior_var = self.ability(competency)
        mode, info = laplace_update(prior_mean, prior_var, item, score, weight)
        if info <= 1e-12:
            return
        # The Gaussian observation y ~ N(theta, 1 / info) that moves N(prior_mean, prior_var) to the Laplace
        # posterior N(mode, 1 / (1 / prior_var + info)); it adds info to the precision and info * y to the
        # information of its competency.
        observed = mode + (mode - prior_mean) / (prior_var * info)
        self.precision[competency] += info
        self.information[competency] += info * observed
        self._chain = None


def _chain(prior: Prior, areas: list[int], area_of: list[int], precision: list[float],
           information: list[float]) -> Chain:  # fmt: skip
    """Variance form throughout, so that zero variance components (a flat belief) need no special case."""
    sd2, se2, sg2 = prior.competency, prior.area, prior.overall
    # Up: each competency's observations, with its own deviation integrated out, speak about its area's u_A.
    lam = [1.0 / (1.0 + d * sd2) for d in precision]
    gamma = [sd2 * e * weight for e, weight in zip(information, lam, strict=True)]
    area_precision = [0.0] * len(areas)
    area_information = [0.0] * len(areas)
    for k, area in enumerate(area_of):
        area_precision[area] += precision[k] * lam[k]
        area_information[area] += information[k] * lam[k]
    beta = [1.0 / (1.0 + p * se2) for p in area_precision]
    alpha = [se2 * i * b for i, b in zip(area_information, beta, strict=True)]
    s2 = [se2 * b for b in beta]
    # ... and each area, with its own deviation integrated out, speaks about g.
    g_precision = sum(p * b for p, b in zip(area_precision, beta, strict=True))
    g_information = sum(i * b for i, b in zip(area_information, beta, strict=True))
    shrink = 1.0 / (1.0 + sg2 * g_precision)
    g_mean = prior.mean + sg2 * (g_information - g_precision * prior.mean) * shrink
    g_var = sg2 * shrink
    # Down: the marginals.
    u_mean = [a + b * g_mean for a, b in zip(alpha, beta, strict=True)]
    u_var = [s + b * b * g_var for s, b in zip(s2, beta, strict=True)]
    r2 = [sd2 * weight for weight in lam]
    means = [gamma[k] + lam[k] * u_mean[area] for k, area in enumerate(area_of)]
    variances = [r2[k] + lam[k] * lam[k] * u_var[area] for k, area in enumerate(area_of)]
    return Chain(g_mean, g_var, alpha, beta, s2, gamma, lam, r2, list(area_of), means, variances)


# --- stage readiness -------------------------------------------------------------------------------------------------

READY, ALMOST = 0.8, 0.6
VERDICT_BOUNDARIES = (ALMOST, READY)
RANGE_Z = 1.2816  # an 80% range of a normal
RANGE_MASS = 0.8  # the share of the posterior a readiness range holds (on average: see readiness_range)
SETTLED_PROBABILITY = 0.95  # a verdict is settled when it is at least this likely
# An adaptive assessment stops at the first answer after which its verdict is this likely. Stopping at the first
# moment a verdict looks settled picks the moments when its probability is overstated, so the bar is higher than
# SETTLED_PROBABILITY: in simulation (docs/readiness.md) stopping at 95% gave verdicts right 92-99% of the time,
# stopping at 98% gave 98-100%.
STOP_PROBABILITY = 0.98
ADAPTIVE_MIN_ANSWERS = 8  # an adaptive assessment asks at least this many before it may stop
ADAPTIVE_MAX_ANSWERS = 40  # and at most this many: it ends there, settled or not
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


@dataclass(frozen=True)
class Readiness:
    expected: float  # weighted share of requirements met, 0-1 (its posterior mean)
    low: float  # an 80% range
    high: float
    evidence: int
    verdict: str  # ready | almost | not_yet | insufficient
    probability: float = 0.0  # the posterior probability of the verdict

    @property
    def settled(self) -> bool:
        """The verdict is at least SETTLED_PROBABILITY likely (and there is enough evidence to say anything)."""
        return self.verdict != "insufficient" and self.probability >= SETTLED_PROBABILITY


# Quasi-Monte-Carlo: a fixed, scrambled Halton set, each point also mirrored (antithetic) and the set whitened, so
# that the draws have exactly the posterior's means and covariances and the same belief always gives the same
# figures. The error of a probability near 95% is about 1 point.
QMC_POINTS = 256


def readiness_of_stages(belief: Belief, stages: dict, evidence: dict) -> dict:
    """Every stage's readiness (`stages`: key -> requirements; `evidence`: key -> answers on its competencies):
    the weighted share of its requirements met (posterior mean), an 80% range (the 10th to 90th percentile of its
    posterior) and a verdict with its probability. The stages share one set of draws."""
    chain = belief.chain()
    shares = stage_draws(belief, stages)
    return {key: _readiness(chain, stages[key], evidence[key], shares[key]) for key in stages}


def stage_draws(belief: Belief, stages: dict) -> dict:
    """Each stage's readiness (weighted share of requirements met) in each draw from the posterior, sorted."""
    keys = list(stages)
    totals = _met_in_draws(belief.chain(), [stages[key] for key in keys])
    weights = {key: sum(r.weight for r in stages[key]) or 1.0 for key in keys}
    return {key: numpy.sort(totals[n] / weights[key]).tolist() for n, key in enumerate(keys)}


def readiness(belief: Belief, requirements: list[Requirement], evidence: int) -> Readiness:
    """One stage's readiness (see readiness_of_stages)."""
    return readiness_of_stages(belief, {0: requirements}, {0: evidence})[0]


def _readiness(
    chain: Chain, requirements: list[Requirement], evidence: int, shares: list[float]
) -> Readiness:
    total_weight = sum(r.weight for r in requirements)
    if total_weight <= 0:
        return Readiness(0.0, 0.0, 0.0, evidence, "insufficient")
    expected = (
        sum(
            r.weight * meet_probability(chain.means[r.competency], chain.variances[r.competency], r.threshold)
            for r in requirements
        )
        / total_weight
    )
    low, high = readiness_range(shares)
    low, high = min(low, expected), max(high, expected)
    verdict = verdict_for(expected, low, high, evidence)
    return Readiness(expected, low, high, evidence, verdict, _verdict_probability(shares, verdict))


def _met_in_draws(chain: Chain, stages: list[list[Requirement]]) -> list[numpy.ndarray]:
    """For each stage, the weighted number of its requirements met in each draw from the posterior.

    Given g and the areas the competencies are independent, so a draw is g, then each area, then each competency
    given its area: one row of abilities per competency, one column per draw. numpy does the arithmetic element by
    element in the order the formulas are written, so the figures are those of the same sums in plain Python (a
    test checks it draw by draw); weights are whole numbers, so the totals are exact."""
    areas = len(chain.alpha)
    normals = _normal_points(1 + areas + len(chain.means))
    column = numpy.newaxis
    # u_A minus its mean, in each draw
    shared = (numpy.array(chain.beta) * math.sqrt(chain.g_var))[:, column] * normals[0] + numpy.sqrt(
        numpy.array(chain.s2)
    )[:, column] * normals[1 : 1 + areas]
    abilities = (
        numpy.array(chain.means)[:, column]
        + numpy.array(chain.lam)[:, column] * shared[chain.area_of]
        + numpy.sqrt(numpy.array(chain.r2))[:, column] * normals[1 + areas :]
    )
    totals = []
    for requirements in stages:
        competencies = [r.competency for r in requirements]
        thresholds = numpy.array([r.threshold for r in requirements])[:, column]
        weights = numpy.array([round(r.weight) for r in requirements], dtype=numpy.int64)
        totals.append(weights @ (abilities[competencies] >= thresholds))
    return totals


def readiness_range(shares: list[float]) -> tuple[float, float]:
    """An 80% range of a stage's readiness from its sorted draws. Readiness takes few values (it is a share of
    whole weights), so a range rarely holds exactly 80% of the draws: this is the one that holds closest to 80%
    (the narrowest, then the most central, of those), which may be a little more or a little less, so that it
    holds the truth 8 times out of 10 on average. A readiness all but certain (everything met, say) still gets a
    range of that one value, which holds more."""
    count = len(shares)
    target = RANGE_MASS * count
    values = sorted(set(shares))
    starts = [bisect_left(shares, v) for v in values]  # draws below each value
    ends = [bisect_right(shares, v) for v in values]  # draws up to and including it
    median = shares[count // 2]
    best = None
    for i, low in enumerate(values):
        j = bisect_left(ends, starts[i] + target, lo=i)  # the first high whose range holds the target or more
        for k in (j - 1, j):
            if i <= k < len(values):
                high = values[k]
                key = (abs(ends[k] - starts[i] - target), high - low, abs(low + high - 2 * median))
                if best is None or key < best[0]:
                    best = (key, low, high)
    return best[1], best[2]


def _verdict_probability(shares: list[float], verdict: str) -> float:
    """The share of the (sorted) draws in the verdict's band."""
    eps = 1e-9  # shares are sums of weights divided by their total: a draw exactly at a boundary meets it
    low, high = {"ready": (READY, 2.0), "almost": (ALMOST, READY), "not_yet": (-1.0, ALMOST)}.get(
        verdict, (2.0, 2.0)
    )
    return (bisect_left(shares, high - eps) - bisect_left(shares, low - eps)) / len(shares)


def verdict_for(expected: float, low: float, high: float, evidence: int) -> str:
    if evidence < MIN_EVIDENCE or high - low > MAX_RANGE_WIDTH:
        return "insufficient"
    if expected >= READY:
        return "ready"
    if expected >= ALMOST:
        return "almost"
    return "not_yet"


_points: dict[int, numpy.ndarray] = {}


def _normal_points(dim: int) -> numpy.ndarray:
    """QMC_POINTS scrambled Halton points in `dim` dimensions and their mirror images, as standard normal
    quantiles, one row per dimension. Computed once per process and dimension."""
    found = _points.get(dim)
    if found is None:
        primes = _primes(dim)
        columns = []
        for j, base in enumerate(primes):
            permutation = _digit_permutation(base, seed=j + 1)
            column = [
                NormalDist().inv_cdf(_radical_inverse(i + 1, base, permutation)) for i in range(QMC_POINTS)
            ]
            columns.append(column + [-z for z in column])
        found = _points[dim] = numpy.array(_whitened(columns))
        found.flags.writeable = False  # shared by every belief in the process
    return found


def _whitened(columns: list[list[float]]) -> list[list[float]]:
    """The columns transformed so that their sample covariance is exactly the identity (their mean is exactly 0
    already, by the mirror images): draws made from them then have exactly the posterior's means and covariances,
    and only the shape of the distribution beyond them is left to sampling error."""
    count, dim = len(columns[0]), len(columns)
    lower = [[0.0] * dim for _ in range(dim)]  # Cholesky factor of the sample covariance
    for i in range(dim):
        for j in range(i + 1):
            value = sum(x * y for x, y in zip(columns[i], columns[j], strict=True)) / count
            value -= sum(lower[i][k] * lower[j][k] for k in range(j))
            lower[i][j] = math.sqrt(value) if i == j else value / lower[j][j]
    whitened: list[list[float]] = []
    for i in range(dim):  # forward substitution: w_i = (z_i - sum_{k<i} L_ik w_k) / L_ii
        column = columns[i]
        for k in range(i):
            factor = lower[i][k]
            column = [x - factor * w for x, w in zip(column, whitened[k], strict=True)]
        whitened.append([x / lower[i][i] for x in column])
    return whitened


def _radical_inverse(index: int, base: int, permutation: list[int]) -> float:
    value, scale = 0.0, 1.0 / base
    while index:
        index, digit = divmod(index, base)
        value += permutation[digit] * scale
        scale /= base
    value += permutation[0] * scale / (1.0 - 1.0 / base)  # the infinite tail of zeros, scrambled
    return min(max(value, 1e-12), 1.0 - 1e-12)


def _digit_permutation(base: int, seed: int) -> list[int]:
    """A fixed pseudo-random permutation of 0..base-1 (a linear congruential shuffle, no `random` state)."""
    digits = list(range(base))
    state = seed * 2654435761 % 2**32
    for i in range(base - 1, 0, -1):
        state = (1103515245 * state + 12345) % 2**31
        j = state % (i + 1)
        digits[i], digits[j] = digits[j], digits[i]
    return digits


def _primes(count: int) -> list[int]:
    primes: list[int] = []
    candidate = 2
    while len(primes) < count:
        if all(candidate % p for p in primes if p * p <= candidate):
            primes.append(candidate)
        candidate += 1
    return primes


def repeat_weight(previous_answers: int) -> float:
    """A question answered again is not fresh evidence: the first answer counts fully, each repeat half as much as
    the one before (1, 1/2, 1/4, ...), so one question can never weigh more than two."""
    return REPEAT_DISCOUNT**previous_answers


# --- learning the prior from the population (empirical Bayes) -------------------------------------------------------

MIN_PRIOR_CANDIDATES = 200  # candidates with at least MIN_PRIOR_ANSWERS answers before a prior is learned
MIN_PRIOR_ANSWERS = 60
GRID = [-THETA_LIMIT + 0.25 * j for j in range(int(2 * THETA_LIMIT / 0.25) + 1)]
EP_DAMPING = 0.7


@dataclass
class Evidence:
    """One candidate's answers, exactly: for each competency that has any, the log-likelihood of its ability at
    each point of GRID (a step of a quarter of a level). Built offline from stored answers."""

    areas: list[int]
    grids: dict[int, list[float]] = field(default_factory=dict)

    def add(self, competency: int, item: Item, right: bool, weight: float = 1.0) -> None:
        """One answer, right (full credit) or not, to an item from `full_credit_item`."""
        grid = self.grids.setdefault(competency, [0.0] * len(GRID))
        for j, theta in enumerate(GRID):
            p = min(max(p_right(theta, item), 1e-12), 1.0 - 1e-12)
            grid[j] += weight * math.log(p if right else 1.0 - p)


def expectation_propagation(evidence: Evidence, prior: Prior, belief: Belief | None = None,
                            sweeps: int = 3) -> Belief:  # fmt: skip
    """The Gaussian belief closest to the exact posterior given `evidence`: each competency's answers are one
    site, whose Gaussian observation is chosen so that the belief's marginal of that competency matches the exact
    product of its answers' likelihood with the rest of the belief (moments on GRID). Starts from `belief`'s
    observations if given (warm start)."""
    size = sum(evidence.areas)
    current = Belief(list(evidence.areas), prior, list(belief.precision) if belief else [0.0] * size,
                     list(belief.information) if belief else [0.0] * size)  # fmt: skip
    for _ in range(sweeps):
        chain = current.chain()
        precision, information = list(current.precision), list(current.information)
        for k, grid in evidence.grids.items():
            mean, variance = chain.means[k], chain.variances[k]
            cavity_precision = 1.0 / variance - precision[k]
            cavity_information = mean / variance - information[k]
            if cavity_precision <= 1e-9:
                continue
            moments = _tilted_moments(grid, cavity_precision, cavity_information)
            if moments is None:
                continue
            tilted_mean, tilted_variance = moments
            site_precision = 1.0 / tilted_variance - cavity_precision
            if site_precision <= 0:
                continue  # answers that say less than nothing: keep the site as it was
            site_information = tilted_mean / tilted_variance - cavity_information
            precision[k] += EP_DAMPING * (site_precision - precision[k])
            information[k] += EP_DAMPING * (site_information - information[k])
        current = Belief(list(evidence.areas), prior, precision, information)
    return current


def _tilted_moments(grid: list[float], precision: float, information: float) -> tuple[float, float] | None:
    half = 0.5 * precision
    logs = [g + theta * (information - half * theta) for g, theta in zip(grid, GRID, strict=True)]
    top = max(logs)
    weights = [math.exp(x - top) for x in logs]
    total = sum(weights)
    mean = math.sumprod(weights, GRID) / total
    variance = math.sumprod(weights, _GRID_SQUARES) / total - mean * mean
    return (mean, variance) if variance > 1e-9 else None


_GRID_SQUARES = [theta * theta for theta in GRID]


@dataclass(frozen=True)
class Fit:
    prior: Prior
    candidates: int
    iterations: int


def fit_prior(population: list[Evidence], start: Prior = DEFAULT_PRIOR, *, iterations: int = 100,
              tolerance: float = 1e-3) -> Fit:  # fmt: skip
    """The prior that best explains the population's answers, by expectation-maximisation: under the current
    prior each candidate's posterior (by expectation propagation, warm-started from the last step's) gives the
    expected squares of g, of each area's deviation and of each competency's own; their averages are the next
    prior. A competency's own variance is small beside the noise of ten answers, which makes plain EM crawl
    (thousands of steps); SQUAREM (Varadhan and Roland 2008) extrapolates along two steps' direction, on the
    variances' logarithms so that they stay positive: each of its `iterations` costs three EM steps."""
    beliefs: list[Belief | None] = [None] * len(population)

    def step(prior: Prior) -> list[float]:
        return _parameters(_em_step(population, beliefs, prior))

    current = _parameters(start)
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007
        first = step(_prior(current))
        second = step(_prior(first))
        r = [b - a for a, b in zip(current, first, strict=True)]
        v = [c - 2 * b + a for a, b, c in zip(current, first, second, strict=True)]
        r_norm, v_norm = math.hypot(*r), math.hypot(*v)
        alpha = -max(1.0, min(r_norm / v_norm, 16.0)) if v_norm > 1e-12 else -1.0
        jumped = [a - 2 * alpha * x + alpha * alpha * y for a, x, y in zip(current, r, v, strict=True)]
        following = step(_prior(jumped))
        change = max(abs(a - b) for a, b in zip(following, current, strict=True))
        current = following
        if change < tolerance:
            break
    return Fit(_prior(current), len(population), done)


def _parameters(prior: Prior) -> list[float]:
    return [math.log(prior.overall), math.log(prior.area), math.log(prior.competency), prior.mean]


def _prior(parameters: list[float]) -> Prior:
    overall, area, competency, mean = parameters
    return Prior(math.exp(overall), math.exp(area), math.exp(competency), mean)


def _em_step(population: list[Evidence], beliefs: list[Belief | None], prior: Prior) -> Prior:
    """One step of expectation-maximisation from `prior`; `beliefs` carries each candidate's posterior over."""
    sums = [0.0, 0.0, 0.0, 0.0]  # E[g], E[g^2], E[eta^2] summed over areas, E[delta^2] over competencies
    areas = competencies = 0
    for n, evidence in enumerate(population):
        beliefs[n] = belief = expectation_propagation(evidence, prior, beliefs[n], sweeps=1)
        chain = belief.chain()
        sums[0] += chain.g_mean
        sums[1] += chain.g_var + chain.g_mean**2
        for alpha, beta, s2 in zip(chain.alpha, chain.beta, chain.s2, strict=True):
            shift = alpha + (beta - 1.0) * chain.g_mean  # E[u_A - g]
            sums[2] += shift * shift + (beta - 1.0) ** 2 * chain.g_var + s2
            areas += 1
        for k, area in enumerate(chain.area_of):
            u_mean = chain.alpha[area] + chain.beta[area] * chain.g_mean
            u_var = chain.s2[area] + chain.beta[area] ** 2 * chain.g_var
            own = chain.gamma[k] + (chain.lam[k] - 1.0) * u_mean  # E[theta_k - u_A]
            sums[3] += own * own + (chain.lam[k] - 1.0) ** 2 * u_var + chain.r2[k]
            competencies += 1
    mean = sums[0] / len(population)
    floor = 1e-4
    return Prior(max(sums[1] / len(population) - mean * mean, floor), max(sums[2] / areas, floor),
                 max(sums[3] / competencies, floor), mean)  # fmt: skip


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


def calibrate_difficulty(answers: list[tuple[float, float, float]], item: Item, prior_b: float) -> float:
    """The difficulty b that best explains `answers` ((respondent's ability estimate, its variance, score)) with a,
    c and d held fixed: a maximum a posteriori estimate with a N(prior_b, CALIBRATION_PRIOR_SD^2) prior, by
    Newton's method. Each respondent's ability is integrated out (the same flattening as expected_p_right):
    against estimates taken as exact, a difficulty far from the average respondent would come out closer to
    them than it is, and every ability learned from the items would shrink with it."""
    b = item.b
    flattened = [(theta, score, item.a / math.sqrt(1.0 + math.pi * item.a * item.a * variance / 8.0))
                 for theta, variance, score in answers]  # fmt: skip
    for _ in range(25):
        gradient = -(b - prior_b) / CALIBRATION_PRIOR_SD**2
        curvature = 1.0 / CALIBRATION_PRIOR_SD**2
        for theta, score, a in flattened:
            shifted = Item(a, b, item.c, item.d)
            # d/db of the log-likelihood is minus d/dtheta; the information is the same.
            gradient -= _score_gradient(theta, shifted, score)
            curvature += information(theta, shifted)
        step = gradient / curvature
        b = max(-THETA_LIMIT, min(THETA_LIMIT, b + step))
        if abs(step) < 1e-6:
            break
    return b


def anchor_difficulties(estimates: dict, authored: dict) -> dict:
    """Recalibrated difficulties less the shift they share, so that on average they stay where their authors put them.

    Answers fix difficulties only relative to the respondents' estimates: shift every ability and every difficulty
    by the same amount and the answers are as likely as before. So the estimates, made under a prior whose mean
    need not be the population's, would carry that offset into every item and from there into every ability (in
    simulation, 0.1 of a level too low). Levels are defined by the authored difficulties (a target level is met
    where its items are answered right half the time), so their mean stays the origin; what recalibration learns is
    how the items differ from each other and from what their authors thought.

    The shared shift is estimated, not assumed: each item's move is the shift plus that item's own authoring error
    (AUTHORED_B_SD), and the shift itself is small (SHARED_SHIFT_SD), so its estimate is the moves' sum over their
    number plus (AUTHORED_B_SD / SHARED_SHIFT_SD)^2. One recalibrated item keeps nearly all of its own move; a
    bank's worth gives up the part they all share."""
    if not estimates:
        return {}
    moves = [estimates[key] - authored[key] for key in estimates]
    shift = sum(moves) / (len(moves) + (AUTHORED_B_SD / SHARED_SHIFT_SD) ** 2)
    return {key: b - shift for key, b in estimates.items()}
