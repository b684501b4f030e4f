"""Building fixtures/*.json from fixtures/source/: the one pipeline for the role profile and the question bank."""

import json
from pathlib import Path

from apps.competencies.source import read_role_profile

from .source import read_question_bank

ROLE_PROFILE_SOURCE = "role_profile.yaml"
QUESTIONS_SOURCE = "questions"
ROLE_PROFILE_FIXTURE = "role_profile.json"
QUESTIONS_FIXTURE = "questions.json"


def build_fixtures(source_dir: Path) -> dict[str, str]:
    """The text of each fixture file, by file name. Raises SourceError, naming file, line and key, on bad input.

    The output depends on nothing but the source files, so building twice gives the same bytes.
    """
    # Errors name files relative to the project, as an author would type them.
    base = source_dir.parent.parent
    profile_path = source_dir / ROLE_PROFILE_SOURCE
    profile = read_role_profile(profile_path, display_name=str(profile_path.relative_to(base)))
    competencies = {c["slug"] for area in profile["areas"] for c in area["competencies"]}
    stages = {stage["slug"] for stage in profile["stages"]}
    questions = read_question_bank(
        source_dir / QUESTIONS_SOURCE, competencies=competencies, stages=stages, base=base
    )
    return {
        ROLE_PROFILE_FIXTURE: _dump(profile),
        QUESTIONS_FIXTURE: _dump({"profile": profile["profile"]["slug"], "questions": questions}),
    }


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
