"""The house keeps its floors (docs/architecture.md): an app uses only apps on lower floors, in Python, templates
and URLs, and registers only its own models in the admin. Where a lower page needs something from a higher app,
the higher app plugs in (a registry, a template block it fills); what does not yet is listed below, with why."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FLOORS = {"accounts": 1, "competencies": 1, "questions": 2, "readiness": 2, "attempts": 3, "mentoring": 4}
TOP = 99  # config and the site-wide templates (base.html, home.html, error pages) may use any app

# (user, used, how): a reviewed exception, and the reason it stands. Keep it short; each entry is a debt.
ALLOWED: dict[tuple[str, str, str], str] = {}

LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
URL = re.compile(r"""{%\s*url\s+['"]([\w-]+):""")
INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+['"]([\w-]+)/""")


def _app_of_path(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    if parts[0] == "apps" and parts[1] in FLOORS:
        return parts[1]
    if parts[0] == "templates" and len(parts) > 2 and parts[1] in FLOORS:
        return parts[1]
    return None  # config, bench, site-wide templates


def _tag_libraries() -> dict[str, str]:
    """Template tag library name -> the app that provides it."""
    return {
        library.stem: library.parent.parent.name
        for library in (ROOT / "apps").glob("*/templatetags/*.py")
        if library.stem != "__init__"
    }


def _python_uses(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "apps" and len(parts) > 1 and parts[1] in FLOORS:
                yield parts[1], f"imports {name}"


def _admin_registrations(path: Path):
    """Models that an app's admin registers or unregisters, by the app their import comes from."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported_from = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            app = node.module.split(".")[1] if node.module.startswith("apps.") else None
            for alias in node.names:
                imported_from[alias.asname or alias.name] = app
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"register", "unregister"}:
            for argument in node.args[:1]:
                if isinstance(argument, ast.Name) and imported_from.get(argument.id):
                    yield imported_from[argument.id], f"admin.{node.func.attr}({argument.id})"


def _template_uses(path: Path, libraries: dict[str, str]):
    text = path.read_text(encoding="utf-8")
    for names in LOAD.findall(text):
        for name in names.split():
            if name in libraries:
                yield libraries[name], f"loads {name}"
    for namespace in URL.findall(text):
        if namespace in FLOORS:
            yield namespace, f"links to {namespace}: URLs"
    for folder in INCLUDE.findall(text):
        if folder in FLOORS:
            yield folder, f"includes or extends {folder}/ templates"


def _uses():
    libraries = _tag_libraries()
    for path in sorted((ROOT / "apps").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, _app_of_path(path), list(_python_uses(path))
        if path.name == "admin.py":
            yield path, _app_of_path(path), [(app, how + " (another app's model)") for app, how in
                                             _admin_registrations(path) if app != _app_of_path(path)]  # fmt: skip
    for path in sorted((ROOT / "templates").rglob("*.html")):
        yield path, _app_of_path(path), list(_template_uses(path, libraries))


def _violations() -> list[str]:
    found = []
    for path, user, uses in _uses():
        if user is None:
            continue
        for used, how in uses:
            upward_or_sideways = used != user and FLOORS[used] >= FLOORS[user]
            foreign_admin = "another app's model" in how
            if (upward_or_sideways or foreign_admin) and (user, used, how) not in ALLOWED:
                found.append(f"{path.relative_to(ROOT)}: {user} (floor {FLOORS[user]}) {how} "
                             f"({used}, floor {FLOORS[used]})")  # fmt: skip
    return found


def test_no_app_reaches_up_or_sideways():
    violations = _violations()

    assert not violations, "\n".join(violations)


def test_every_allowed_exception_is_still_needed():
    """An entry that no longer matches anything is stale: the allow-list only shrinks."""
    used = {(user, app, how) for _, user, uses in _uses() for app, how in uses}

    assert not [entry for entry in ALLOWED if entry not in used]


@pytest.mark.parametrize("app", sorted(FLOORS))
def test_every_app_has_a_floor_in_the_map(app):
    assert f"`{app}`" in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
