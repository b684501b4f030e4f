"""Turning the hand-written YAML under fixtures/source/questions/ into the data of fixtures/questions.json."""

from __future__ import annotations

from pathlib import Path

from apps.competencies.yamlsource import Node, SourceError, load

from .models import DIFFICULTY_RANGE, Question
from .rules import QuestionData, publish_problems, question_data

QUESTION_KEYS = {
    "id", "kind", "difficulty", "stage", "status", "stem", "choices", "explanation",
    "model_answer", "key_points", "references",
}  # fmt: skip
KINDS = [kind.value for kind in Question.Kind]
STATUSES = [status.value for status in Question.Status]


def read_question_bank(folder: Path, *, competencies: set[str], stages: set[str], base: Path) -> list[dict]:
    """Every question of every `*.yaml` file in `folder`, files in name order, questions in file order."""
    questions: list[dict] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        display = str(path.relative_to(base))
        for question, node in read_question_file(path, display, competencies=competencies, stages=stages):
            if question["id"] in seen:
                raise node.require("id").error(
                    f"id {question['id']!r} is already used in {seen[question['id']]}"
                )
            seen[question["id"]] = display
            questions.append(question)
    return questions


def read_question_file(
    path: Path, display: str, *, competencies: set[str], stages: set[str]
) -> list[tuple[dict, Node]]:
    root = load(path, display_name=display).mapping({"competency", "questions"})
    competency = root.require("competency").choice(sorted(competencies))
    if path.stem != competency:
        raise root.require("competency").error(f"the file for {competency!r} must be named {competency}.yaml")
    return [
        (_read_question(node, competency, stages), node)
        for node in root.require("questions").items(min_items=1)
    ]


def _read_question(node: Node, competency: str, stages: set[str]) -> dict:
    node.mapping(QUESTION_KEYS)
    kind = node.require("kind").choice(KINDS)
    status_node = node.get("status")
    question = {
        "id": _slug(node.require("id")),
        "competency": competency,
        "kind": kind,
        "difficulty": node.require("difficulty").integer(*DIFFICULTY_RANGE),
        "stage": node.require("stage").choice(sorted(stages)),
        "status": status_node.choice(STATUSES) if status_node else Question.Status.PUBLISHED.value,
        "stem": node.required_text("stem"),
        "explanation": node.optional_text("explanation"),
        "model_answer": node.optional_text("model_answer"),
        "key_points": [item.text() for item in _list(node, "key_points")],
        "references": [item.text() for item in _list(node, "references")],
        "choices": [_read_choice(item) for item in _list(node, "choices")],
    }
    problems = publish_problems(as_question_data(question))
    if problems:
        raise node.error(" ".join(problems))
    return question


def _read_choice(node: Node) -> dict:
    node.mapping({"text", "correct", "score", "rationale"})
    correct = node.get("correct")
    score = node.get("score")
    return {
        "text": node.required_text("text"),
        "correct": correct.boolean() if correct else False,
        "score": round(score.number(0, 1), 2) if score else None,
        "rationale": node.optional_text("rationale"),
    }


def _list(node: Node, key: str) -> list[Node]:
    child = node.get(key)
    return child.items() if child else []


def _slug(node: Node) -> str:
    value = node.text()
    if not all((part.isalnum() and part.islower()) or part.isdigit() for part in value.split("-")):
        raise node.error(f"{value!r} must be lowercase letters and digits joined by hyphens")
    return value


def as_question_data(question: dict) -> QuestionData:
    """The built form of a question, as the publishing rules read it."""
    fields = ("kind", "status", "explanation", "model_answer", "key_points", "choices")
    return question_data(**{field: question[field] for field in fields})


__all__ = ["SourceError", "as_question_data", "read_question_bank"]
