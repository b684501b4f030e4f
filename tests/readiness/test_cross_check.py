"""Our estimates against an independent IRT implementation (girth) on the same responses.

Setting: one ability with a standard-normal prior and 2PL items (no guessing), where girth's MAP estimate is
the exact posterior mode. Our sequential Laplace-Kalman updates approximate that mode; stated tolerance: at most
0.2 on the ability scale (a fifth of a level) for any pattern, 0.03 on average.
"""

import random

import numpy as np
import pytest
from girth import ability_map

from apps.readiness.irt import Belief, Item, p_right

MAX_DIFFERENCE = 0.2
MEAN_DIFFERENCE = 0.03


@pytest.mark.parametrize("length", [5, 10, 20])
def test_our_estimates_agree_with_girth_map(length):
    rng = random.Random(length)
    differences = []
    for _ in range(60):
        difficulties = [rng.uniform(-2, 2) for _ in range(length)]
        discriminations = [rng.uniform(0.7, 1.8) for _ in range(length)]
        theta = rng.gauss(0, 1)
        items = [Item(a, b) for a, b in zip(discriminations, difficulties, strict=True)]
        answers = [float(rng.random() < p_right(theta, item)) for item in items]
        belief = Belief.flat(0.0, 1.0)
        for item, answer in zip(items, answers, strict=True):
            belief.observe(0, item, answer)
        theirs = ability_map(np.array([answers]).T, np.array(difficulties), np.array(discriminations))[0]
        differences.append(abs(belief.ability(0)[0] - theirs))

    assert max(differences) <= MAX_DIFFERENCE
    assert sum(differences) / len(differences) <= MEAN_DIFFERENCE
