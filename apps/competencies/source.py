"""Turning fixtures/source/role_profile.yaml into the plain data that fixtures/role_profile.json holds."""

from __future__ import annotations

from pathlib import Path

from .models import LEVEL_RANGE, WEIGHT_RANGE, Competency
from .yamlsource import Node, SourceError, load

ASSESSMENTS = [choice.value for choice in Competency.Assessment]


def read_role_profile(path: Path, *, display_name: str | None = None) -> dict:
    root = load(path, display_name=display_name).mapping({"profile", "stages", "areas"})
    profile = root.require("profile").mapping({"slug", "name", "description"})
    stages = [
        _read_stage(node, order) for order, node in enumerate(root.require("stages").items(min_items=1), 1)
    ]
    _reject_duplicates(root.require("stages").items(), "slug")
    area_nodes = root.require("areas").items(min_items=1)
    _reject_duplicates(area_nodes, "slug")
    _reject_duplicates([c for a in area_nodes for c in a.require("competencies").items()], "slug")
    return {
        "profile": {
            "slug": profile.required_text("slug"),
            "name": profile.required_text("name"),
            "description": profile.optional_text("description"),
        },
        "stages": stages,
        "areas": [_read_area(node, order, len(stages)) for order, node in enumerate(area_nodes, 1)],
    }


def _read_stage(node: Node, order: int) -> dict:
    node.mapping({"slug", "name", "description", "source"})
    return {
        "slug": node.required_text("slug"),
        "name": node.required_text("name"),
        "description": node.optional_text("description"),
        "order": order,
    }


def _read_area(node: Node, order: int, stage_count: int) -> dict:
    node.mapping({"slug", "name", "source", "assessment", "competencies"})
    area_assessment = node.get("assessment")
    default = area_assessment.choice(ASSESSMENTS) if area_assessment else Competency.Assessment.MEASURED.value
    competencies = node.require("competencies").items(min_items=1)
    return {
        "slug": node.required_text("slug"),
        "name": node.required_text("name"),
        "order": order,
        "competencies": [
            _read_competency(child, position, stage_count, default)
            for position, child in enumerate(competencies, 1)
        ],
    }


def _read_competency(node: Node, order: int, stage_count: int, default_assessment: str) -> dict:
    node.mapping({"slug", "name", "source", "description", "assessment", "levels", "weights", "indicators"})
    assessment_node = node.get("assessment")
    assessment = assessment_node.choice(ASSESSMENTS) if assessment_node else default_assessment
    node.require("source").text()
    return {
        "slug": node.required_text("slug"),
        "name": node.required_text("name"),
        "description": node.optional_text("description"),
        "assessment": assessment,
        "order": order,
        "indicators": [_read_indicator(child) for child in _optional_items(node, "indicators")],
        "requirements": _read_requirements(node, assessment, stage_count),
    }


def _read_indicator(node: Node) -> str:
    node.mapping({"text", "source"})
    node.require("source").text()
    return node.required_text("text")


def _read_requirements(node: Node, assessment: str, stage_count: int) -> list[dict]:
    """Levels and weights are lists in stage order; a `null` pair means the stage does not ask for it."""
    if assessment == Competency.Assessment.SELF_RATED:
        for key in ("levels", "weights"):
            if node.get(key):
                raise node.require(key).error("self-rated competencies carry no stage requirements")
        return []
    levels = _per_stage(node.require("levels"), stage_count, LEVEL_RANGE)
    weights = _per_stage(node.require("weights"), stage_count, WEIGHT_RANGE)
    requirements = []
    for stage_order, (level, weight) in enumerate(zip(levels, weights, strict=True), 1):
        if (level is None) != (weight is None):
            raise node.error(f"stage {stage_order}: give both a level and a weight, or neither")
        if level is not None:
            requirements.append({"stage_order": stage_order, "target_level": level, "weight": weight})
    return requirements


def _per_stage(node: Node, stage_count: int, bounds: tuple[int, int]) -> list[int | None]:
    if not isinstance(node.raw, list) or len(node.raw) != stage_count:
        raise node.error(f"must list {stage_count} values, one per stage in order")
    return [None if item.raw is None else item.integer(*bounds) for item in node.items()]


def _optional_items(node: Node, key: str) -> list[Node]:
    child = node.get(key)
    return child.items() if child else []


def _reject_duplicates(nodes: list[Node], key: str) -> None:
    seen: set[str] = set()
    for node in nodes:
        value = node.required_text(key)
        if value in seen:
            raise node.require(key).error(f"{value!r} is used twice")
        seen.add(value)


def source_points(path: Path) -> list[str]:
    """Every `source:` quote in the file: the points of the role document that the profile covers."""
    root = load(path)
    quotes: list[str] = []

    def walk(node: Node) -> None:
        if isinstance(node.raw, dict):
            for key in node.raw:
                child = node.get(key)
                if child is None:
                    continue
                if key == "source":
                    quotes.append(child.text())
                else:
                    walk(child)
        elif isinstance(node.raw, list):
            for child in node.items():
                walk(child)

    walk(root)
    return quotes


__all__ = ["SourceError", "read_role_profile", "source_points"]
