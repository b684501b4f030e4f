"""`manage.py build_fixtures`: deterministic, faithful to the role document, and loud about bad input."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.competencies.source import source_points
from apps.questions.fixture_build import build_fixtures

FIXTURES = settings.BASE_DIR / "fixtures"
SOURCE = FIXTURES / "source"


@pytest.fixture
def fixtures_copy(tmp_path: Path) -> Path:
    """A writable copy of fixtures/ with its built JSON, to break and rebuild."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    return target


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_building_twice_gives_the_same_bytes():
    assert build_fixtures(SOURCE) == build_fixtures(SOURCE)


def test_committed_fixtures_match_their_source():
    for name, text in build_fixtures(SOURCE).items():
        assert (FIXTURES / name).read_text() == text, f"fixtures/{name} is stale: run `make fixtures`"


def test_a_second_run_changes_no_file(fixtures_copy, capsys):
    call_command("build_fixtures", fixtures_dir=fixtures_copy)
    stamps = {p.name: p.stat().st_mtime_ns for p in fixtures_copy.glob("*.json")}

    call_command("build_fixtures", fixtures_dir=fixtures_copy)

    assert {p.name: p.stat().st_mtime_ns for p in fixtures_copy.glob("*.json")} == stamps
    assert "Wrote 0 fixture file(s), 2 already up to date." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "problem"),
    [
        (
            "role_profile.yaml",
            "levels: [3, 4, 4, 4]",
            "levels: [3, 7, 4, 4]",
            "areas[0].competencies[0].levels[1]",
            "must be a whole number from 1 to 5, not 7",
        ),
        (
            "role_profile.yaml",
            "levels: [3, 4, 4, 4]",
            "levels: [3, 4, 4]",
            "areas[0].competencies[0].levels",
            "must list 4 values, one per stage in order",
        ),
        (
            "role_profile.yaml",
            "        name: Web APIs",
            "        nmae: Web APIs",
            "areas[0].competencies[1]",
            "unknown key 'nmae'",
        ),
        (
            "role_profile.yaml",
            "  - slug: ai-integration-engineer",
            "  - slug: backend-engineer",
            "stages[1].slug",
            "'backend-engineer' is used twice",
        ),
        ("role_profile.yaml", "profile:\n", "profile: [\n", "", "invalid YAML"),
    ],
)
def test_a_malformed_role_profile_names_file_line_key_and_problem(
    fixtures_copy, file, old, new, where, problem
):
    path = fixtures_copy / "source" / file
    _replace_once(path, old, new)
    before = {p.name: p.read_bytes() for p in fixtures_copy.glob("*.json")}

    with pytest.raises(CommandError) as error:
        call_command("build_fixtures", fixtures_dir=fixtures_copy)

    message = str(error.value)
    assert message.startswith(f"fixtures/source/{file}:")
    assert where in message
    assert problem in message
    assert "Nothing was written." in message
    assert {p.name: p.read_bytes() for p in fixtures_copy.glob("*.json")} == before


def test_a_malformed_question_points_at_its_line(fixtures_copy):
    path = fixtures_copy / "source" / "questions" / "web-apis.yaml"
    text = path.read_text()
    first_kind = text.index("kind: ")
    path.write_text(text[:first_kind] + "kind: essay" + text[text.index("\n", first_kind) :])
    line = _line_of(path, "kind: essay")

    with pytest.raises(CommandError) as error:
        call_command("build_fixtures", fixtures_dir=fixtures_copy)

    assert str(error.value).startswith(
        f"fixtures/source/questions/web-apis.yaml:{line}: questions[0].kind: must be one of"
    )


def test_an_unpublishable_question_says_why(fixtures_copy):
    path = fixtures_copy / "source" / "questions" / "web-apis.yaml"
    _replace_once(path, "correct: true", "correct: false")

    with pytest.raises(CommandError, match="exactly one correct option, not 0"):
        call_command("build_fixtures", fixtures_dir=fixtures_copy)


def test_the_command_exits_non_zero_on_bad_input(fixtures_copy):
    _replace_once(
        fixtures_copy / "source" / "role_profile.yaml", "levels: [3, 4, 4, 4]", "levels: [3, 9, 4, 4]"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "build_fixtures", "--fixtures-dir", str(fixtures_copy)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "true"},
        check=False,
    )

    assert result.returncode != 0
    assert "fixtures/source/role_profile.yaml:" in result.stderr
    assert "not 9" in result.stderr


# --- the mapping to the role document ---------------------------------------------------------------------------

SECTIONS = {
    # section heading: the heading that ends it
    "Requirements": "Compensation and Benefits",
    "Essential Soft Skills": "Best Practices",
}


def _role_document() -> list[str]:
    path = Path(settings.ROLE_DOCUMENT)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"The role document is missing in CI: {path}")
        pytest.skip(
            f"The role document is not beside this checkout ({path}); set ROLE_DOCUMENT to check the mapping"
        )
    return path.read_text(encoding="utf-8").splitlines()


def _section(lines: list[str], start: str, end: str) -> list[str]:
    first = lines.index(start)
    return lines[first + 1 : lines.index(end, first)]


def _document_points() -> list[str]:
    """Every subsection heading and bullet point of the Requirements and Essential Soft Skills sections, and the
    career stages; introductory sentences (ending in a colon) are not points."""
    lines = _role_document()
    points = []
    for start, end in SECTIONS.items():
        for line in _section(lines, start, end):
            if line.startswith("- "):
                points.append(line[2:].strip())
            elif not line.rstrip().endswith(":"):
                points.append(line.strip())
    points += [
        line[2:] for line in _section(lines, "Career Progression", "Continuous Learning and Specialization")
    ]
    return points


def test_every_point_of_the_role_document_is_covered():
    quotes = source_points(SOURCE / "role_profile.yaml")

    # A bullet may run on into the section's closing sentence on the same line, hence startswith.
    missing = [point for point in _document_points() if not any(point.startswith(quote) for quote in quotes)]

    assert missing == []


def test_every_quote_comes_from_the_role_document():
    document = "\n".join(_role_document())

    invented = [quote for quote in source_points(SOURCE / "role_profile.yaml") if quote not in document]

    assert invented == []


def test_the_profile_has_the_fine_grained_shape_the_document_asks_for(role_profile):
    areas = {area.slug: [c.slug for c in area.competencies.all()] for area in role_profile.areas.all()}

    assert len(areas) == 8
    assert len(areas["soft-skills"]) == 11
    assert {"containers-orchestration", "cloud-platforms"} <= set(areas["technical-skills"])
    assert [stage.slug for stage in role_profile.stages.all()] == [
        "backend-engineer",
        "ai-integration-engineer",
        "senior-ai-backend-engineer",
        "ai-engineering-lead",
    ]
