"""The tables of docs/readiness.md ("Validation by simulation"), from `simulate_readiness --json` output.

`manage.py simulate_readiness --tables-from run.json` prints them, so the documented figures are reproduced by
two commands and no hand copying: the simulation (long: minutes per scenario) and this (instant).
"""

CHECKPOINTS = ("40", "120", "all")
COVERAGE_TARGET = "76-84%"
STAGE_NAMES = {
    "backend-engineer": "backend engineer",
    "ai-integration-engineer": "AI integration",
    "senior-ai-backend-engineer": "senior AI backend",
    "ai-engineering-lead": "AI lead or director",
}
KINDS = {"single": "single", "true_false": "true/false", "multiple": "multiple", "judgement": "judgement"}


def markdown_tables(result: dict) -> list[str]:
    """Per scenario: the issue's measures at 40, 120 and all answers (the estimator before this one → this one
    where the run has both), then per stage the settled verdicts and the adaptive mode; then the calibration of
    the chance of a right answer per kind, over the scenarios."""
    lines = []
    for name, scenario in result["scenarios"].items():
        estimators = [e for e in ("before", "ours") if e in scenario["checkpoints"]["40"]]
        lines += [_scenario_heading(name, scenario), ""]
        lines += [*_measures_table(scenario, estimators), ""]
        lines += [*_stages_table(scenario, estimators), ""]
    lines += _kinds_table(result)
    return lines


def _scenario_heading(name: str, scenario: dict) -> str:
    truth, used = scenario["truth"], scenario["prior_used"]
    learned = (
        f"prior learned from {scenario['prior_learned_from']} candidates"
        if scenario["prior_learned_from"]
        else "the default prior"
    )
    return (
        f"**{name}**: {scenario['description']}. Truth: correlations {truth['within_area_correlation']:.2f} within "
        f"an area and {truth['across_area_correlation']:.2f} across, variance {truth['variance']:.2f}, mean "
        f"{truth['mean']:+.2f}; {learned}: {used['within_area_correlation']:.2f}, "
        f"{used['across_area_correlation']:.2f}, {used['variance']:.2f}, {used['mean']:+.2f}."
    )


def _measures_table(scenario: dict, estimators: list[str]) -> list[str]:
    rows = [
        (f"ability ranges hold the truth ({COVERAGE_TARGET})", lambda m: _pct(m["ability_range_coverage"])),
        (
            f"readiness ranges hold the truth, stages pooled ({COVERAGE_TARGET})",
            lambda m: _pct(_mean(m["stage_range_coverage"].values())),
        ),
        ("readiness ranges, per stage", lambda m: "/".join(f"{100 * v:.0f}" for v in m["stage_range_coverage"].values())),
        ("chance of meeting a target, calibration error (≤ 0.030)", lambda m: f"{m['meets_target_calibration_error']:.3f}"),
        ("ability Spearman, share of the oracle's (≥ 95% at 120)", lambda m: _pct(m["ability_spearman_vs_oracle"])),
        ("settled verdicts right, worst stage (≥ 95%)", lambda m: _pct(_worst(m["settled_accuracy"]))),
    ]  # fmt: skip
    lines = ["| measure | 40 answers | 120 answers | all answers |", "|---|---|---|---|"]
    for label, cell in rows:
        cells = [" → ".join(cell(scenario["checkpoints"][c][e]) for e in estimators) for c in CHECKPOINTS]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _stages_table(scenario: dict, estimators: list[str]) -> list[str]:
    """Settled verdicts as 'share settled (how many): share right', and the adaptive mode as 'mean questions,
    share at the cap, settled right of how many settled'."""
    candidates = scenario["test_candidates"]
    lines = [
        "| stage: settled (count), right | 40 answers | 120 answers | all answers | adaptive: questions, at the "
        "cap, settled right (of) |",
        "|---|---|---|---|---|",
    ]
    for stage, label in STAGE_NAMES.items():
        cells = []
        for checkpoint in CHECKPOINTS:
            parts = []
            for estimator in estimators:
                m = scenario["checkpoints"][checkpoint][estimator]
                share = m["settled_share"][stage]
                parts.append(
                    f"{_pct(share, 0)} ({round(share * candidates)}), {_pct(m['settled_accuracy'][stage])}"
                )
            cells.append(" → ".join(parts))
        adaptive = []
        for estimator in estimators:
            a = scenario["adaptive"][estimator][stage]
            settled = round(a["candidates"] * (1 - a["share_stopped_at_cap"]))
            adaptive.append(
                f"{a['mean_questions']:.1f}, {_pct(a['share_stopped_at_cap'], 0)}, "
                f"{_pct(a['settled_accuracy'])} ({settled})"
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " | " + " → ".join(adaptive) + " |")
    return lines


def _kinds_table(result: dict) -> list[str]:
    lines = [
        "| chance of a right answer, calibration error (≤ 0.05) | " + " | ".join(KINDS.values()) + " |",
        "|---|" + "---|" * len(KINDS),
    ]
    for name, scenario in result["scenarios"].items():
        errors = scenario["chance_right_calibration_error"]
        estimators = [e for e in ("before", "ours") if e in errors]
        cells = [" → ".join(_number(errors[e].get(kind)) for e in estimators) for kind in KINDS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _pct(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{100 * value:.{digits}f}%"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


def _worst(accuracies: dict) -> float | None:
    return min((v for v in accuracies.values() if v is not None), default=None)
