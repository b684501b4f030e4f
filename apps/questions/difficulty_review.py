"""Difficulty labels from two independent, blind reviews (docs/authoring.md, "Difficulty").

A label says how likely a candidate *at the item's stage* is to answer it right. Each reviewer estimates that
likelihood from a sheet that shows the item, its key and the stage, but not the current label nor the other
reviewer's estimate. Two estimates within one level of each other settle the label (the band of their mean);
further apart, the reviewers discuss and a resolution file records the agreed label and why.

Review files are CSV with the columns `id,p_right,note` (p_right between 0 and 1), one per reviewer and batch,
under docs/reviews/difficulty/ (`review-*.csv`); an item changed after its reviews is reviewed again by two
others, in `review-again-*.csv`, whose pair replaces the first. Resolutions are CSV with `id,label,reason`.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

# Lower bounds of the chance that a candidate at the item's stage answers right, for labels 1 to 4; below the
# last bound is 5. The one place these bands are written; docs/authoring.md quotes them.
LABEL_BANDS = ((1, 0.85), (2, 0.70), (3, 0.50), (4, 0.30))
HARDEST = 5
SCORED_KINDS = frozenset({"single", "multiple", "true_false", "judgement", "open"})


def label_for(p_right: float) -> int:
    for label, lower in LABEL_BANDS:
        if p_right >= lower:
            return label
    return HARDEST


def review_sheet(questions: list[dict], stages: dict[str, dict]) -> str:
    """Markdown a reviewer reads: every scored item with its stage, stem, options and key; no difficulty."""
    parts = []
    for q in questions:
        if q["kind"] not in SCORED_KINDS:
            continue
        stage = stages[q["stage"]]
        parts.append(f"## {q['id']} ({q['kind']})\n\nStage: **{stage['name']}**: {stage['description']}\n")
        parts.append(q["stem"].strip() + "\n")
        for n, choice in enumerate(q["choices"], 1):
            key = (
                f"score {choice['score']}"
                if choice["score"] is not None
                else ("KEY" if choice["correct"] else "")
            )
            parts.append(f"{n}. {choice['text']}" + (f"  **[{key}]**" if key else ""))
        if q["kind"] == "open":
            parts.append("Key points (self-graded): " + "; ".join(q["key_points"]))
        parts.append("\n---\n")
    return "\n".join(parts)


@dataclass(frozen=True)
class Decision:
    qid: str
    label: int
    estimates: tuple[float, ...]
    how: str  # "agreed" or "discussed"


def read_estimates(paths: list[Path]) -> dict[str, list[float]]:
    estimates: dict[str, list[float]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                p = float(row["p_right"])
                if not 0 <= p <= 1:
                    raise ValueError(f"{path}: {row['id']}: p_right {p} is not between 0 and 1")
                estimates.setdefault(row["id"], []).append(p)
    return estimates


def read_blocking(paths: list[Path]) -> set[str]:
    """Items a reviewer sent back to their author (verdict `fix`): they stay drafts until fixed and reviewed again."""
    blocked = set()
    for path in paths:
        with path.open(encoding="utf-8") as rows:
            blocked |= {row["id"] for row in csv.DictReader(rows) if row.get("verdict") == "fix"}
    return blocked


def read_resolutions(paths: list[Path]) -> dict[str, int]:
    resolved = {}
    for path in paths:
        with path.open(encoding="utf-8") as rows:
            resolved.update({row["id"]: int(row["label"]) for row in csv.DictReader(rows)})
    return resolved


def decide(
    estimates: dict[str, list[float]], resolutions: dict[str, int]
) -> tuple[list[Decision], list[str]]:
    """The label of every item with two reviews, and the ids that still need a discussion. An item with one review
    so far waits for its second (it keeps its label, and a draft stays a draft)."""
    decisions, open_disputes = [], []
    for qid, ps in sorted(estimates.items()):
        if len(ps) == 1:
            continue
        if len(ps) > 2:
            raise ValueError(f"{qid}: {len(ps)} reviews in one round, needs exactly 2")
        labels = [label_for(p) for p in ps]
        if abs(labels[0] - labels[1]) <= 1:
            decisions.append(Decision(qid, label_for(sum(ps) / 2), tuple(ps), "agreed"))
        elif qid in resolutions:
            decisions.append(Decision(qid, resolutions[qid], tuple(ps), "discussed"))
        else:
            open_disputes.append(qid)
    return decisions, open_disputes


ITEM_START = re.compile(r"^  - id: (?P<id>\S+)\s*$")
DIFFICULTY_LINE = re.compile(r"^(?P<indent>    )difficulty: \d\s*$")
DRAFT_LINE = re.compile(r"^    status: draft\s*$")


def set_labels(source: str, labels: dict[str, int]) -> str:
    """The YAML text with each listed item's `difficulty:` line changed, and nothing else touched."""
    lines, current = source.splitlines(keepends=True), None
    for index, line in enumerate(lines):
        if match := ITEM_START.match(line):
            current = match["id"]
        elif current in labels and (match := DIFFICULTY_LINE.match(line)):
            lines[index] = f"{match['indent']}difficulty: {labels[current]}\n"
    return "".join(lines)


def publish(source: str, ids: set[str]) -> str:
    """The YAML text with the listed items' `status: draft` lines removed (published is the default)."""
    kept, current = [], None
    for line in source.splitlines(keepends=True):
        if match := ITEM_START.match(line):
            current = match["id"]
        if current in ids and DRAFT_LINE.match(line):
            continue
        kept.append(line)
    return "".join(kept)
