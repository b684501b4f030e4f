"""A smaller run of `manage.py simulate_readiness`: the estimator keeps its targets on the real bank.

The full run (500 candidates) and its figures are in docs/readiness.md; this one is fixed by its seed, so it
either passes or fails every time.
"""

import json

import pytest
from django.conf import settings

from apps.readiness import simulation


@pytest.fixture(scope="module")
def report():
    fixtures = settings.BASE_DIR / "fixtures"
    bank = simulation.bank_from_fixtures(
        json.loads((fixtures / "role_profile.json").read_text()),
        json.loads((fixtures / "questions.json").read_text()),
    )
    return simulation.run(bank, candidates=20, seed=7)


def test_ability_estimates_rank_candidates_nearly_as_well_as_the_oracle(report):
    assert report.competency_rho >= 0.95 * report.competency_rho_oracle


def test_stage_readiness_ranks_candidates_nearly_as_well_as_the_oracle(report):
    for stage, rho in report.stage_rho.items():
        assert rho >= 0.95 * report.stage_rho_oracle[stage], stage


def test_verdicts_are_right_for_clear_candidates(report):
    for stage, accuracy in report.verdict_accuracy.items():
        assert accuracy >= 0.90, stage


def test_predicted_chances_of_a_right_answer_are_calibrated(report):
    assert report.calibration_error <= 0.05


def test_the_adaptive_assessment_needs_at_most_60_percent_of_the_questions_for_the_same_accuracy(report):
    assert report.adaptive_stop_accuracy >= report.random_full_accuracy
    assert report.adaptive_share <= 0.60


def test_spearman_and_calibration_error_compute_what_they_claim():
    assert simulation.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert simulation.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert simulation.expected_calibration_error([(0.9, 1.0), (0.9, 0.0)]) == pytest.approx(0.4)
