"""The maths of apps/readiness/irt.py: known values, monotonicity, borrowing, the posterior against a dense
implementation, the verdict probabilities against Monte Carlo, and the learned prior against a known one."""

import math
import random

import pytest

from apps.readiness import irt
from apps.readiness.irt import Belief, Item, Prior, Requirement


def test_the_item_curve_has_its_floor_its_ceiling_and_its_midpoint_at_b():
    item = Item(a=1.0, b=0.5, c=0.25, d=0.97)

    assert irt.p_right(0.5, item) == pytest.approx(0.61)
    assert irt.p_right(-20, item) == pytest.approx(0.25)
    assert irt.p_right(20, item) == pytest.approx(0.97)


def test_information_peaks_near_the_difficulty():
    item = Item(a=1.5, b=1.0)

    assert irt.information(1.0, item) == pytest.approx(1.5**2 / 4)
    assert irt.information(1.0, item) > irt.information(-1.0, item)


def test_a_blind_answer_scores_what_the_questions_scoring_gives_it():
    four = [(True, None), (False, None), (False, None), (False, None)]
    judgement = [(False, 0.0), (False, 0.3), (False, 0.6), (True, 1.0)]
    # 3 right and 2 wrong options; of the 32 sets of ticks, 6 points in all survive the floor at 0 (see docstring)
    multiple = [(True, None)] * 3 + [(False, None)] * 2

    assert irt.blind_score("single", four) == 0.25
    assert irt.blind_score("true_false", four[:2]) == 0.5
    assert irt.blind_score("judgement", judgement) == pytest.approx(0.475)
    assert irt.blind_score("multiple", multiple) == pytest.approx(6 / 32)
    assert irt.blind_score("open", []) == 0.0


def test_full_credit_by_chance_is_rarer_than_the_mean_blind_score_for_partial_credit_kinds():
    judgement = [(False, 0.0), (False, 0.3), (False, 0.6), (True, 1.0)]
    multiple = [(True, None)] * 3 + [(False, None)] * 2
    item = Item(1.0, 0.0, 0.5, 0.97)

    assert irt.full_credit_item("judgement", judgement, item).c == 0.25
    assert irt.full_credit_item("multiple", multiple, item).c == 1 / 32
    assert irt.full_credit_item("single", judgement, item) == Item(1.0, 0.0, 0.25, 0.97)


def test_an_authored_difficulty_is_uncertain_so_its_item_is_flatter_than_a_recalibrated_one():
    options = [(True, None), (False, None), (False, None), (False, None)]

    authored = irt.authored_item("single", options, difficulty=4)
    recalibrated = irt.authored_item("single", options, difficulty=4, b=0.7)

    assert (authored.b, authored.c, authored.d) == (1.0, 0.25, 1 - irt.SLIP)
    assert authored.a < recalibrated.a < 1.0
    assert recalibrated.b == 0.7
    assert [irt.difficulty_to_b(d) for d in range(1, 6)] == [-2, -1, 0, 1, 2]
    assert irt.level_threshold(3) == 0.0


def test_one_answer_on_a_flat_prior_matches_the_exact_posterior_mode():
    belief = Belief.flat(0.0, 1.0)

    belief.observe(0, Item(a=1.0, b=0.0), 1.0)

    # The mode of N(0,1) x logistic(theta) solves theta = 1 - logistic(theta): 0.40106...
    mean, variance = belief.ability(0)
    assert mean == pytest.approx(0.40106, abs=1e-4)
    assert variance < 1.0


@pytest.mark.parametrize("seed", range(20))
def test_a_right_answer_never_lowers_the_estimate_and_a_wrong_one_never_raises_it(seed):
    rng = random.Random(seed)
    belief = Belief([3, 2])
    for _ in range(rng.randrange(0, 8)):
        belief.observe(
            rng.randrange(3), Item(rng.uniform(0.5, 2), rng.uniform(-2, 2), 0.25), float(rng.random() < 0.5)
        )
    item = Item(rng.uniform(0.5, 2), rng.uniform(-2, 2), rng.choice([0, 0.25, 0.5]))
    before = belief.ability(1)[0]

    right, wrong = (Belief.from_json(belief.to_json(), [3, 2]) for _ in range(2))
    right.observe(1, item, 1.0)
    wrong.observe(1, item, 0.0)

    assert right.ability(1)[0] >= before >= wrong.ability(1)[0]
    assert right.ability(1)[1] <= belief.ability(1)[1]  # evidence never adds uncertainty


def test_an_answer_moves_its_area_more_than_other_areas():
    belief = Belief([3, 2])  # competencies 0-2 in one area, 3-4 in another

    for _ in range(5):
        belief.observe(0, Item(1.0, 0.0), 1.0)

    answered, sibling, other_area = belief.ability(0), belief.ability(2), belief.ability(4)
    assert answered[0] > sibling[0] > other_area[0] > 0
    prior = Belief([3, 2])
    assert sibling[1] < prior.ability(2)[1]  # borrowed strength narrows the sibling's range too
    assert other_area[1] < prior.ability(4)[1]


def test_the_prior_is_as_correlated_as_it_says():
    prior = Prior.from_correlations(variance=2.0, within=0.5, across=0.2, mean=0.3)

    assert (prior.variance, prior.within_area, prior.across_areas) == pytest.approx((2.0, 0.5, 0.2))
    assert irt.prior_ability(prior) == pytest.approx((0.3, 2.0))
    assert irt.DEFAULT_PRIOR.within_area == pytest.approx(0.5)
    assert irt.DEFAULT_PRIOR.across_areas == pytest.approx(0.2)


def test_the_tree_posterior_is_the_dense_gaussian_posterior():
    """The belief keeps only each competency's summed observations; its marginals must be those of the full
    Gaussian over (g, areas, competencies) conditioned on the same observations, done here with matrices."""
    areas, prior = [3, 2, 4], Prior(0.7, 0.3, 0.4, 0.2)
    rng = random.Random(3)
    belief = Belief(areas, prior)
    for _ in range(40):
        belief.observe(
            rng.randrange(9), Item(rng.uniform(0.5, 2), rng.uniform(-2, 2), 0.25, 0.97), rng.random()
        )

    mean, cov = _dense_posterior(areas, prior, belief.precision, belief.information)

    for k in range(9):
        loading = _loading(areas, k)
        assert belief.ability(k)[0] == pytest.approx(sum(mean[i] for i in loading), abs=1e-9)
        assert belief.ability(k)[1] == pytest.approx(
            sum(cov[i][j] for i in loading for j in loading), abs=1e-9
        )


def test_repeats_weigh_less_each_time():
    assert [irt.repeat_weight(n) for n in range(4)] == [1.0, 0.5, 0.25, 0.125]
    once, repeated, twice_fresh = Belief.flat(), Belief.flat(), Belief.flat()
    once.observe(0, Item(1, 0), 1.0)
    repeated.observe(0, Item(1, 0), 1.0)
    repeated.observe(0, Item(1, 0), 1.0, weight=irt.repeat_weight(1))
    twice_fresh.observe(0, Item(1, 0), 1.0)
    twice_fresh.observe(0, Item(1, 0), 1.0)

    assert once.ability(0)[0] < repeated.ability(0)[0] < twice_fresh.ability(0)[0]


def test_readiness_its_range_and_its_verdicts_probability_match_monte_carlo():
    areas, prior = [2, 2], Prior(0.5, 0.3, 0.4)
    rng = random.Random(7)
    belief = Belief(areas, prior)
    for _ in range(30):
        belief.observe(rng.randrange(4), Item(1.0, rng.uniform(-1, 1), 0.25), float(rng.random() < 0.6))
    requirements = [
        Requirement(0, 5, -0.5),
        Requirement(1, 3, 0.0),
        Requirement(2, 2, -1.0),
        Requirement(3, 4, 0.5),
    ]

    result = irt.readiness(belief, requirements, evidence=30)

    mean, cov = _dense_posterior(areas, prior, belief.precision, belief.information)
    lower = _cholesky(cov)
    shares = []
    for _ in range(40_000):
        z = [rng.gauss(0, 1) for _ in mean]
        x = [mean[i] + sum(lower[i][k] * z[k] for k in range(i + 1)) for i in range(len(z))]
        met = sum(
            r.weight for r in requirements if sum(x[i] for i in _loading(areas, r.competency)) >= r.threshold
        )
        shares.append(met / 14)
    shares.sort()
    verdict_band = {"ready": (0.8, 2), "almost": (0.6, 0.8), "not_yet": (-1, 0.6)}[result.verdict]
    assert result.expected == pytest.approx(sum(shares) / len(shares), abs=0.01)
    assert result.probability == pytest.approx(
        sum(verdict_band[0] - 1e-9 <= s < verdict_band[1] - 1e-9 for s in shares) / len(shares), abs=0.03
    )
    inside = sum(result.low - 1e-9 <= s <= result.high + 1e-9 for s in shares) / len(shares)
    assert inside == pytest.approx(0.8, abs=0.06)  # readiness has few values: close to 80%, not exactly


def test_a_readiness_range_holds_closest_to_80_percent_of_the_draws():
    spread = sorted([0.5] * 50 + [0.6] * 100 + [0.7] * 200 + [0.8] * 100 + [1.0] * 62)
    lopsided = sorted([1.0] * 300 + [0.9] * 100 + [0.8] * 62 + [0.5] * 50)
    certain = sorted([1.0] * 490 + [0.9] * 22)

    assert irt.readiness_range(spread) == (0.6, 0.8)  # 400 of 512 draws, 78%
    assert irt.readiness_range(lopsided) == (0.9, 1.0)  # 78%, where equal tails would take 90%
    assert irt.readiness_range(certain) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("expected", "low", "high", "evidence", "probability", "verdict", "settled"),
    [
        (0.9, 0.85, 0.95, 40, 0.97, "ready", True),
        (0.9, 0.85, 0.95, 40, 0.94, "ready", False),  # a range inside "ready" is not enough: 94% is not 95%
        (0.7, 0.5, 0.9, 40, 0.96, "almost", True),  # nor is it needed: the range is not the verdict's chance
        (0.3, 0.1, 0.5, 40, 0.99, "not_yet", True),
        (0.9, 0.85, 0.95, 5, 0.99, "insufficient", False),  # too few answers
        (0.5, 0.1, 0.9, 40, 0.99, "insufficient", False),  # too wide to say
    ],
)
def test_verdicts_and_when_they_are_settled(expected, low, high, evidence, probability, verdict, settled):
    result = irt.Readiness(
        expected, low, high, evidence, irt.verdict_for(expected, low, high, evidence), probability
    )

    assert (result.verdict, result.settled) == (verdict, settled)


def test_readiness_is_the_weighted_share_met_with_an_80_percent_range():
    belief = Belief([2])
    requirements = [Requirement(0, 3, 0.0), Requirement(1, 1, 0.0)]

    result = irt.readiness(belief, requirements, evidence=30)

    # thresholds at the prior's mean: a coin toss each, correlated at 0.5
    assert result.expected == pytest.approx(0.5)
    assert result.high - result.low > 0.5
    assert result.verdict == "insufficient"  # the range is wider than 50 points


def test_the_stages_of_one_belief_share_their_draws_and_agree_with_one_at_a_time():
    belief = Belief([3, 2])
    for k in range(5):
        belief.observe(k, Item(1.0, 0.0, 0.25), 1.0)
    stages = {
        "a": [Requirement(k, 1 + k, -0.5) for k in range(5)],
        "b": [Requirement(k, 2, 0.5) for k in range(4)],
    }

    together = irt.readiness_of_stages(belief, stages, {"a": 20, "b": 20})

    assert together == {key: irt.readiness(belief, reqs, 20) for key, reqs in stages.items()}


def _met_one_draw_at_a_time(chain: irt.Chain, stages: list[list[Requirement]]) -> list[list[int]]:
    """The definition of _met_in_draws, in plain Python, one draw at a time."""
    areas = len(chain.alpha)
    normals = irt._normal_points(1 + areas + len(chain.means)).tolist()
    totals = [[0] * len(normals[0]) for _ in stages]
    for i in range(len(normals[0])):
        shared = [chain.beta[a] * math.sqrt(chain.g_var) * normals[0][i] + math.sqrt(chain.s2[a]) * normals[1 + a][i]
                  for a in range(areas)]  # fmt: skip
        ability = [chain.means[k] + chain.lam[k] * shared[chain.area_of[k]] + math.sqrt(chain.r2[k]) * normals[1 + areas + k][i]
                   for k in range(len(chain.means))]  # fmt: skip
        for n, requirements in enumerate(stages):
            totals[n][i] = sum(round(r.weight) for r in requirements if ability[r.competency] >= r.threshold)
    return totals


@pytest.mark.parametrize("seed", range(8))
def test_the_draws_count_the_requirements_met_exactly_as_plain_python_does(seed):
    rng = random.Random(seed)
    areas = [rng.randint(1, 5) for _ in range(rng.randint(1, 4))]
    size = sum(areas)
    belief = Belief(
        areas, Prior(rng.uniform(0.2, 1), rng.uniform(0, 0.5), rng.uniform(0.05, 0.5), rng.uniform(-1, 1))
    )
    for k in rng.sample(range(size), rng.randint(0, size)):
        for _ in range(rng.randint(1, 6)):
            belief.observe(k, Item(1.0, rng.uniform(-2, 2), 0.25), rng.choice([0.0, 1.0]))
    stages = [
        [Requirement(k, rng.choice([1, 2, 3]), rng.choice([-1.0, 0.0, 1.0, rng.uniform(-2, 2)]))
         for k in rng.sample(range(size), rng.randint(0, size))]
        for _ in range(rng.randint(1, 5))
    ]  # fmt: skip

    fast = irt._met_in_draws(belief.chain(), stages)

    assert [list(row) for row in fast] == _met_one_draw_at_a_time(belief.chain(), stages)


def test_choose_next_takes_the_most_informative_item_of_the_most_uncertain_competency():
    candidates = [
        irt.Candidate("easy", "apis", Item(1.0, -2.0)),
        irt.Candidate("matched", "apis", Item(1.0, 0.0)),
        irt.Candidate("settled", "sql", Item(1.0, 0.0)),
    ]
    targets = {
        "apis": irt.Target(0.0, 1.0, weight=3, threshold=0.0, administered=0),  # a coin toss: most uncertain
        "sql": irt.Target(3.0, 0.1, weight=3, threshold=0.0, administered=0),  # surely met already
    }

    chosen = irt.choose_next(candidates, targets, random.Random(1), top_k=1)

    assert chosen.key == "matched"


def test_exposure_control_varies_the_first_question():
    candidates = [irt.Candidate(n, "apis", Item(1.0, n / 10)) for n in range(10)]
    targets = {"apis": irt.Target(0.0, 1.0, weight=1, threshold=0.0, administered=0)}

    firsts = {irt.choose_next(candidates, targets, random.Random(seed)).key for seed in range(30)}

    assert len(firsts) == 3


def test_calibration_recovers_a_difficulty_from_answers():
    rng = random.Random(11)
    true_item = Item(1.2, 1.0, 0.25)
    answers = [
        (theta, 0.0, float(rng.random() < irt.p_right(theta, true_item)))
        for theta in (rng.gauss(0, 1) for _ in range(2000))
    ]

    estimate = irt.calibrate_difficulty(answers, Item(1.2, 0.0, 0.25), prior_b=0.0)

    assert estimate == pytest.approx(1.0, abs=0.15)


def test_calibration_with_few_answers_moves_only_part_of_the_way():
    few = irt.calibrate_difficulty([(0.0, 0.0, 1.0)] * 3, Item(1.0, 1.0), prior_b=1.0)
    many = irt.calibrate_difficulty([(0.0, 0.0, 1.0)] * 30, Item(1.0, 1.0), prior_b=1.0)

    assert many < few < 1.0  # easier than authored, and more so the more answers say it


def test_calibration_against_uncertain_estimates_does_not_pull_a_hard_item_towards_the_respondents():
    """Respondents' estimates are shrunk towards the average; taken as exact, they make a hard item look easier."""
    rng = random.Random(4)
    true_item, noise = Item(1.0, 2.0, 0.25), 1.5
    answers = []
    for _ in range(4000):
        theta = rng.gauss(0, 1.2)
        estimate = (theta + rng.gauss(0, math.sqrt(noise))) * 1.44 / (1.44 + noise)  # a posterior mean ...
        variance = 1.44 * noise / (1.44 + noise)  # ... and its variance
        answers.append((estimate, variance, float(rng.random() < irt.p_right(theta, true_item))))

    accounted = irt.calibrate_difficulty(answers, Item(1.0, 0.0, 0.25), prior_b=0.0)
    ignored = irt.calibrate_difficulty(
        [(t, 0.0, s) for t, _, s in answers], Item(1.0, 0.0, 0.25), prior_b=0.0
    )

    assert accounted == pytest.approx(2.0, abs=0.08)
    assert ignored < 1.9


def test_expectation_propagation_on_one_ability_is_the_exact_posterior():
    rng = random.Random(5)
    evidence = irt.Evidence([1])
    answers = [(Item(1.0, rng.uniform(-2, 2), 0.25, 0.97), rng.random() < 0.7) for _ in range(8)]
    for item, right in answers:
        evidence.add(0, item, right)

    belief = irt.expectation_propagation(evidence, Prior(1.0, 0.0, 0.0, 0.2), sweeps=10)

    def log_posterior(theta):
        return -0.5 * (theta - 0.2) ** 2 + sum(
            math.log(irt.p_right(theta, item) if right else 1 - irt.p_right(theta, item))
            for item, right in answers
        )

    grid = [-6 + 0.002 * j for j in range(6_001)]  # the exact posterior, finely
    weights = [math.exp(log_posterior(theta)) for theta in grid]
    mean = sum(w * t for w, t in zip(weights, grid, strict=True)) / sum(weights)
    variance = sum(w * (t - mean) ** 2 for w, t in zip(weights, grid, strict=True)) / sum(weights)
    assert belief.ability(0) == (pytest.approx(mean, abs=1e-3), pytest.approx(variance, abs=1e-3))


def test_the_prior_learned_from_a_population_is_the_one_it_was_drawn_from():
    """Empirical Bayes on 250 candidates of two areas, eight questions per competency."""
    truth, areas = Prior(0.3, 0.2, 0.8, 0.3), [3, 2]
    rng = random.Random(2)
    population = []
    for _ in range(250):
        g = truth.mean + math.sqrt(truth.overall) * rng.gauss(0, 1)
        area_parts = [g + math.sqrt(truth.area) * rng.gauss(0, 1) for _ in areas]
        evidence = irt.Evidence(areas)
        for k in range(5):
            theta = area_parts[0 if k < 3 else 1] + math.sqrt(truth.competency) * rng.gauss(0, 1)
            for _ in range(8):
                item = Item(1.5, rng.uniform(-2.5, 2.5), 0.0, 1.0)
                evidence.add(k, item, rng.random() < irt.p_right(theta, item))
        population.append(evidence)

    fit = irt.fit_prior(population, irt.DEFAULT_PRIOR, tolerance=1e-3)

    assert fit.prior.variance == pytest.approx(truth.variance, rel=0.12)
    assert fit.prior.within_area == pytest.approx(truth.within_area, abs=0.1)
    assert fit.prior.across_areas == pytest.approx(truth.across_areas, abs=0.12)
    assert fit.prior.mean == pytest.approx(truth.mean, abs=0.12)


def _loading(areas, competency):
    area = next(a for a in range(len(areas)) if competency < sum(areas[: a + 1]))
    return [0, 1 + area, 1 + len(areas) + competency]


def _dense_posterior(areas, prior, precision, information):
    """The Gaussian over (g, eta_1..eta_A, delta_1..delta_C), conditioned on one Gaussian observation per competency
    by Kalman updates on the full covariance matrix."""
    variances = [prior.overall] + [prior.area] * len(areas) + [prior.competency] * sum(areas)
    size = len(variances)
    mean = [prior.mean] + [0.0] * (size - 1)
    cov = [[variances[i] if i == j else 0.0 for j in range(size)] for i in range(size)]
    for k, (d, e) in enumerate(zip(precision, information, strict=True)):
        if d <= 0:
            continue
        h = _loading(areas, k)
        m, v = sum(mean[i] for i in h), sum(cov[i][j] for i in h for j in h)
        cov_h = [sum(row[i] for i in h) for row in cov]
        gain = 1.0 / (v + 1.0 / d)
        mean = [x + c * gain * (e / d - m) for x, c in zip(mean, cov_h, strict=True)]
        cov = [
            [x - ci * gain * cj for x, cj in zip(row, cov_h, strict=True)]
            for row, ci in zip(cov, cov_h, strict=True)
        ]
    return mean, cov


def _cholesky(cov):
    n = len(cov)
    lower = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            total = cov[i][j] - sum(lower[i][k] * lower[j][k] for k in range(j))
            lower[i][j] = (
                math.sqrt(max(total, 0.0)) if i == j else total / lower[j][j] if lower[j][j] else 0.0
            )
    return lower


def test_recalibration_keeps_what_items_differ_by_and_drops_what_they_all_moved_by():
    authored = {f"q{n}": (n % 5) - 2.0 for n in range(500)}
    # Every item estimated 0.3 easier than authored (the respondents' shared offset), one of them truly 1.0 easier.
    estimates = {key: b - 0.3 for key, b in authored.items()} | {"q7": authored["q7"] - 1.3}
    anchored = irt.anchor_difficulties(estimates, authored)
    assert anchored["q1"] == pytest.approx(authored["q1"], abs=0.02)
    assert anchored["q7"] == pytest.approx(authored["q7"] - 1.0, abs=0.02)
    # A single recalibrated item is mostly its own evidence: it keeps nearly all of its move.
    alone = irt.anchor_difficulties({"q7": authored["q7"] - 1.0}, authored)
    assert alone["q7"] < authored["q7"] - 0.9
