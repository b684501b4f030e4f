"""A small run of `manage.py simulate_readiness`: the cheaper targets, on the real bank, fixed by a seed.

The full runs (500 candidates per scenario) and their figures are in docs/readiness.md. This one is small enough
to take a few seconds: the default prior (no population to learn from) on the weak scenario, where that prior is
the truth's structure, with items that break the model's assumptions.
"""

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.readiness import irt, simulation


@pytest.fixture(scope="module")
def bank():
    fixtures = settings.BASE_DIR / "fixtures"
    return simulation.bank_from_fixtures(
        json.loads((fixtures / "role_profile.json").read_text()),
        json.loads((fixtures / "questions.json").read_text()),
    )


@pytest.fixture(scope="module")
def report(bank):
    scenario = simulation.SCENARIOS["weak+misspecified"]
    return simulation.run_scenario(
        bank, scenario, candidates=10, train=0, seed=7, adaptive_candidates=2, prior="default", before=False
    )


def test_ranges_hold_the_truth_about_8_times_in_10(report):
    for checkpoint in ("40", "120", "all"):
        ours = report["checkpoints"][checkpoint]["ours"]
        assert 0.74 <= ours["ability_range_coverage"] <= 0.86, checkpoint
        for stage, mass in ours["stage_range_posterior_mass"].items():
            assert 0.75 <= mass <= 0.9, (checkpoint, stage)


def test_estimates_rank_candidates_nearly_as_well_as_the_oracle(report):
    assert report["checkpoints"]["120"]["ours"]["ability_spearman_vs_oracle"] >= 0.95


def test_settled_verdicts_are_right(report):
    for checkpoint in ("40", "120", "all"):
        for stage, accuracy in report["checkpoints"][checkpoint]["ours"]["settled_accuracy"].items():
            assert accuracy is None or accuracy >= 0.95, (checkpoint, stage)


def test_predicted_chances_are_calibrated_for_every_kind(report):
    errors = report["chance_right_calibration_error"]["ours"]
    assert set(errors) == {"single", "true_false", "multiple", "judgement"}  # open answers stay out
    assert max(errors.values()) <= 0.08  # 0.05 in the full runs; few answers here
    assert report["checkpoints"]["all"]["ours"]["meets_target_calibration_error"] <= 0.06


def test_a_generous_self_grader_gains_nothing_because_open_answers_stay_out(report):
    bias = report["generous_self_grader_bias"]  # levels gained by grading oneself one level too high

    assert bias["0.0"] == 0.0  # out of the estimate, as the app does
    assert bias["1.0"] > bias["0.5"] > 0  # any weight would pay them


def test_the_adaptive_mode_stops_at_the_apps_cap(report):
    for stage, summary in report["adaptive"]["ours"].items():
        assert summary["mean_questions"] <= irt.ADAPTIVE_MAX_ANSWERS, stage
        assert summary["settled_accuracy"] in (None, 1.0), stage


def test_the_command_prints_every_scenario_as_one_json_object(capsys):
    call_command(
        "simulate_readiness", "--candidates", "2", "--train", "0", "--prior", "default", "--adaptive-candidates",
        "1", "--scenarios", "model,strong", "--no-before", "--json",
    )  # fmt: skip

    result = json.loads(capsys.readouterr().out)
    assert set(result["scenarios"]) == {"model", "strong"}
    model = result["scenarios"]["model"]
    assert set(model["checkpoints"]) == {"40", "120", "all"}
    assert {"ability_range_coverage", "stage_range_coverage", "meets_target_calibration_error", "settled_share",
            "settled_accuracy", "ability_spearman_vs_oracle"} <= set(model["checkpoints"]["40"]["ours"])  # fmt: skip
    assert {"mean_questions", "share_stopped_at_cap", "settled_accuracy"} <= set(
        model["adaptive"]["ours"]["backend-engineer"]
    )


def test_the_documented_tables_come_from_a_saved_run(report, tmp_path, capsys):
    saved = tmp_path / "run.json"
    saved.write_text(json.dumps({"scenarios": {"weak+misspecified": report}}))

    call_command("simulate_readiness", "--tables-from", str(saved))

    tables = capsys.readouterr().out
    assert tables.startswith("**weak+misspecified**")
    coverage = next(
        line for line in tables.splitlines() if line.startswith("| ability ranges hold the truth")
    )
    ours = [report["checkpoints"][c]["ours"]["ability_range_coverage"] for c in ("40", "120", "all")]
    assert coverage.split(" | ")[1:] == [f"{100 * v:.1f}%" for v in ours[:2]] + [f"{100 * ours[2]:.1f}% |"]
    assert "| backend engineer |" in tables
    assert "| weak+misspecified |" in tables


def test_spearman_and_calibration_error_compute_what_they_claim():
    assert simulation.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert simulation.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert simulation.expected_calibration_error([(0.9, 1.0), (0.9, 0.0)]) == pytest.approx(0.4)
