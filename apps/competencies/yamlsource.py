"""Reading hand-written YAML with enough location data to point an author at the exact line of a mistake.

`load(path)` returns `Node`s: thin wrappers that remember the file, the key path and the line of every value,
so that `node.required_str("name")` can fail with "role_profile.yaml:42: areas[1].name: must be text".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class SourceError(Exception):
    """A problem in a source file, with where it is."""

    def __init__(self, file: Path | str, line: int | None, key: str, problem: str) -> None:
        self.file, self.line, self.key, self.problem = str(file), line, key, problem
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {key or '(top)'}: {problem}" if key else f"{where}: {problem}")


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that wraps each value with the line it starts on."""

    def construct_object(self, node, deep=False):
        value = super().construct_object(node, deep=True)
        return _Located(value, node.start_mark.line + 1)

    def construct_mapping(self, node, deep=False):
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                raise SourceError(self.name, key_node.start_mark.line + 1, str(key), "key given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=True)


@dataclass(frozen=True)
class _Located:
    value: Any
    line: int


def _unwrap_keys(value: Any) -> Any:
    """Keys of mappings are plain; values stay wrapped, so each keeps its line."""
    if isinstance(value, dict):
        return {(k.value if isinstance(k, _Located) else k): v for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Node:
    file: Path
    key: str
    line: int
    raw: Any

    def error(self, problem: str) -> SourceError:
        return SourceError(self.file, self.line, self.key, problem)

    def _child(self, name: str | int, located: _Located) -> Node:
        key = f"{self.key}[{name}]" if isinstance(name, int) else (f"{self.key}.{name}" if self.key else name)
        return Node(self.file, key, located.line, _unwrap_keys(located.value))

    # --- shape -----------------------------------------------------------------------------------------
    def mapping(self, allowed: set[str]) -> Node:
        if not isinstance(self.raw, dict):
            raise self.error("must be a mapping of keys to values")
        unknown = sorted(set(self.raw) - allowed)
        if unknown:
            raise self.error(f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
        return self

    def get(self, name: str) -> Node | None:
        located = self.raw.get(name) if isinstance(self.raw, dict) else None
        if located is None or located.value is None:
            return None
        return self._child(name, located)

    def require(self, name: str) -> Node:
        child = self.get(name)
        if child is None:
            raise self.error(f"{name!r} is missing")
        return child

    def items(self, *, min_items: int = 0) -> list[Node]:
        if not isinstance(self.raw, list):
            raise self.error("must be a list")
        if len(self.raw) < min_items:
            raise self.error(f"needs at least {min_items} item(s), has {len(self.raw)}")
        return [self._child(index, located) for index, located in enumerate(self.raw)]

    # --- scalars -------------------------------------------------------------------------------------------
    def text(self) -> str:
        if not isinstance(self.raw, str) or not self.raw.strip():
            raise self.error("must be non-empty text")
        return self.raw.strip()

    def integer(self, low: int, high: int) -> int:
        if isinstance(self.raw, bool) or not isinstance(self.raw, int) or not low <= self.raw <= high:
            raise self.error(f"must be a whole number from {low} to {high}, not {self.raw!r}")
        return self.raw

    def number(self, low: float, high: float) -> float:
        if isinstance(self.raw, bool) or not isinstance(self.raw, int | float) or not low <= self.raw <= high:
            raise self.error(f"must be a number from {low} to {high}, not {self.raw!r}")
        return float(self.raw)

    def boolean(self) -> bool:
        if not isinstance(self.raw, bool):
            raise self.error(f"must be true or false, not {self.raw!r}")
        return self.raw

    def choice(self, options: list[str]) -> str:
        value = self.text()
        if value not in options:
            raise self.error(f"must be one of {', '.join(options)}, not {value!r}")
        return value

    # --- conveniences for the common case ----------------------------------------------------------------------
    def required_text(self, name: str) -> str:
        return self.require(name).text()

    def optional_text(self, name: str, default: str = "") -> str:
        child = self.get(name)
        return child.text() if child else default


def load(path: Path, *, display_name: str | None = None) -> Node:
    """Parse one YAML file into a located `Node`; a syntax error becomes a SourceError with its line."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(name, None, "", f"cannot be read ({exc.strerror})") from exc
    loader = _LineLoader(text)
    loader.name = name
    try:
        root = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SourceError(name, mark.line + 1 if mark else None, "", f"invalid YAML: {exc.problem}") from exc
    finally:
        loader.dispose()
    if root is None:
        raise SourceError(name, None, "", "is empty")
    return Node(Path(name), "", root.line, _unwrap_keys(root.value))
