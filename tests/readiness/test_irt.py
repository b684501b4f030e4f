"""The maths of apps/readiness/irt.py: known values, monotonicity, borrowing, and the readiness range."""

import math
import random

import pytest

from apps.readiness import irt
from apps.readiness.irt import Belief, Item, Requirement


def test_the_item_curve_has_the_guessing_floor_and_its_midpoint_at_b():
    item = Item(a=1.0, b=0.5, c=0.25)

    assert irt.p_right(0.5, item) == pytest.approx(0.625)
    assert irt.p_right(-20, item) == pytest.approx(0.25)
    assert irt.p_right(20, item) == pytest.approx(1.0)


def test_information_peaks_near_the_difficulty():
    item = Item(a=1.5, b=1.0)

    assert irt.information(1.0, item) == pytest.approx(1.5**2 / 4)
    assert irt.information(1.0, item) > irt.information(-1.0, item)


def test_authored_difficulty_and_options_give_the_starting_parameters():
    assert [irt.difficulty_to_b(d) for d in range(1, 6)] == [-2, -1, 0, 1, 2]
    assert irt.guessing_floor("single", 4) == 0.25
    assert irt.guessing_floor("true_false", 2) == 0.5
    assert irt.guessing_floor("multiple", 5) == 0.0
    assert irt.level_threshold(3) == 0.0


def test_one_answer_on_a_flat_prior_matches_the_exact_posterior_mode():
    belief = Belief.flat(0.0, 1.0)
    item = Item(a=1.0, b=0.0)

    belief.observe(0, item, 1.0)

    # The mode of N(0,1) x logistic(theta) solves theta = 1 - logistic(theta): 0.40106...
    assert belief.mean[0] == pytest.approx(0.40106, abs=1e-4)
    assert belief.cov[0][0] < 1.0


@pytest.mark.parametrize("seed", range(20))
def test_a_right_answer_never_lowers_the_estimate_and_a_wrong_one_never_raises_it(seed):
    rng = random.Random(seed)
    belief = Belief.prior([3, 2])
    for _ in range(rng.randrange(0, 8)):
        belief.observe(
            rng.randrange(3), Item(rng.uniform(0.5, 2), rng.uniform(-2, 2), 0.25), float(rng.random() < 0.5)
        )
    item = Item(rng.uniform(0.5, 2), rng.uniform(-2, 2), rng.choice([0, 0.25, 0.5]))
    before = belief.ability(1)[0]

    right, wrong = Belief.from_json(belief.to_json()), Belief.from_json(belief.to_json())
    right.observe(1, item, 1.0)
    wrong.observe(1, item, 0.0)

    assert right.ability(1)[0] >= before >= wrong.ability(1)[0]
    assert right.ability(1)[1] <= belief.ability(1)[1]  # evidence never adds uncertainty


def test_an_answer_moves_its_area_more_than_other_areas():
    belief = Belief.prior([3, 2])  # competencies 0-2 in one area, 3-4 in another

    for _ in range(5):
        belief.observe(0, Item(1.0, 0.0), 1.0)

    answered, sibling, other_area = belief.ability(0), belief.ability(2), belief.ability(4)
    assert answered[0] > sibling[0] > other_area[0] > 0
    prior = Belief.prior([3, 2])
    assert sibling[1] < prior.ability(2)[1]  # borrowed strength narrows the sibling's range too
    assert other_area[1] < prior.ability(4)[1]


def test_repeats_weigh_less_each_time():
    assert [irt.repeat_weight(n) for n in range(4)] == [1.0, 0.5, 0.25, 0.125]
    once, repeated = Belief.flat(), Belief.flat()
    once.observe(0, Item(1, 0), 1.0)
    repeated.observe(0, Item(1, 0), 1.0)
    repeated.observe(0, Item(1, 0), 1.0, weight=irt.repeat_weight(1))
    twice_fresh = Belief.flat()
    twice_fresh.observe(0, Item(1, 0), 1.0)
    twice_fresh.observe(0, Item(1, 0), 1.0)

    assert once.mean[0] < repeated.mean[0] < twice_fresh.mean[0]


def test_the_readiness_variance_matches_monte_carlo():
    rng = random.Random(7)
    belief = Belief.prior([2, 2])
    for _ in range(8):
        belief.observe(rng.randrange(4), Item(1.0, rng.uniform(-1, 1), 0.25), float(rng.random() < 0.6))
    requirements = [
        Requirement(0, 5, 0.0),
        Requirement(1, 3, 0.5),
        Requirement(2, 2, -0.5),
        Requirement(3, 4, 1.0),
    ]

    mean, variance = irt.requirements_met(belief, requirements)

    totals = []
    lower = _cholesky(belief.cov)
    for _ in range(40_000):
        z = [rng.gauss(0, 1) for _ in belief.mean]
        sample = [belief.mean[i] + sum(lower[i][k] * z[k] for k in range(i + 1)) for i in range(len(z))]
        totals.append(
            sum(
                r.weight
                for r in requirements
                if sum(sample[i] for i in belief.loading(r.competency)) >= r.threshold
            )
        )
    mc_mean = sum(totals) / len(totals)
    mc_var = sum((t - mc_mean) ** 2 for t in totals) / len(totals)
    assert mean == pytest.approx(mc_mean, abs=0.06)
    assert variance == pytest.approx(mc_var, rel=0.05)


def _cholesky(cov):
    n = len(cov)
    lower = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            total = cov[i][j] - sum(lower[i][k] * lower[j][k] for k in range(j))
            lower[i][j] = math.sqrt(total) if i == j else total / lower[j][j]
    return lower


@pytest.mark.parametrize(
    ("expected", "low", "high", "evidence", "verdict", "settled"),
    [
        (0.9, 0.85, 0.95, 40, "ready", True),
        (0.85, 0.7, 0.95, 40, "ready", False),  # the range still reaches "almost"
        (0.7, 0.62, 0.78, 40, "almost", True),
        (0.3, 0.1, 0.5, 40, "not_yet", True),
        (0.9, 0.85, 0.95, 5, "insufficient", False),  # too few answers
        (0.5, 0.1, 0.9, 40, "insufficient", False),  # too wide to say
    ],
)
def test_verdicts(expected, low, high, evidence, verdict, settled):
    result = irt.Readiness(expected, low, high, evidence, irt.verdict_for(expected, low, high, evidence))

    assert (result.verdict, result.settled) == (verdict, settled)


def test_readiness_is_the_weighted_share_met_with_an_80_percent_range():
    belief = Belief.prior([2])
    requirements = [Requirement(0, 3, 0.0), Requirement(1, 1, 0.0)]

    result = irt.readiness(belief, requirements, evidence=30)

    met, variance = irt.requirements_met(belief, requirements)
    assert result.expected == pytest.approx(met / 4)
    assert result.expected == pytest.approx(0.5)  # thresholds at the prior's mean: a coin toss each
    half_width = 1.2816 * variance**0.5 / 4
    assert (result.low, result.high) == (
        pytest.approx(max(0, 0.5 - half_width)),
        pytest.approx(min(1, 0.5 + half_width)),
    )


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
        (theta, float(rng.random() < irt.p_right(theta, true_item)))
        for theta in (rng.gauss(0, 1) for _ in range(2000))
    ]

    estimate = irt.calibrate_difficulty(answers, Item(1.2, 0.0, 0.25), prior_b=0.0)

    assert estimate == pytest.approx(1.0, abs=0.15)


def test_calibration_with_few_answers_moves_only_part_of_the_way():
    few = irt.calibrate_difficulty([(0.0, 1.0)] * 3, Item(1.0, 1.0), prior_b=1.0)
    many = irt.calibrate_difficulty([(0.0, 1.0)] * 30, Item(1.0, 1.0), prior_b=1.0)

    assert many < few < 1.0  # easier than authored, and more so the more answers say it
