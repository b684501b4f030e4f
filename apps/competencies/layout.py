"""A role profile's layout (its stages, its areas with their measured competencies, each stage's requirements), read
once per process and kept while the profile's `shape_version` stays the same.

The layout changes only when an admin edits the profile, and every such change gives the profile a new
`shape_version` (signals.py), so pages that show it (the dashboard, the readiness page) read it here instead of
with four or five queries on every request. The objects are shared by every request of the process: read them,
never change them.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch
from django.urls import reverse

from .models import Area, CareerStage, Competency, RoleProfile, StageRequirement


@dataclass(frozen=True)
class AreaLayout:
    area: Area
    measured: list[Competency]  # in the area's order


@dataclass(frozen=True)
class Layout:
    version: UUID | None
    stages: list[CareerStage]  # first job first
    areas: list[AreaLayout]  # areas with at least one measured competency
    requirements: dict[
        int, list[StageRequirement]
    ]  # stage id -> its requirements, competency and area attached
    competency_urls: dict[int, str]  # competency id -> its page

    def target_levels(self, stage: CareerStage | None) -> dict[int, int]:
        """Competency id -> the level `stage` asks for (nothing without a stage)."""
        if stage is None:
            return {}
        return {r.competency_id: r.target_level for r in self.requirements.get(stage.pk, [])}


_layouts: dict[int, Layout] = {}


EMPTY = Layout(version=None, stages=[], areas=[], requirements={}, competency_urls={})


def layout_of(profile: RoleProfile | None) -> Layout:
    """The profile's layout: five queries the first time a process sees this shape_version, none after. Before any
    profile is loaded, an empty one."""
    if profile is None:
        return EMPTY
    layout = _layouts.get(profile.pk)
    if layout is None or layout.version != profile.shape_version:
        layout = _layouts[profile.pk] = _read(profile)
    return layout


def _read(profile: RoleProfile) -> Layout:
    areas = Area.objects.filter(profile=profile).prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.measured(), to_attr="measured")
    )
    requirements: dict[int, list[StageRequirement]] = {}
    for requirement in StageRequirement.objects.filter(stage__profile=profile).select_related(
        "competency__area"
    ):
        requirements.setdefault(requirement.stage_id, []).append(requirement)
    competencies = Competency.objects.filter(profile=profile).values_list("pk", "slug")
    return Layout(
        version=profile.shape_version,
        stages=list(CareerStage.objects.filter(profile=profile)),
        areas=[AreaLayout(area, area.measured) for area in areas if area.measured],
        requirements=requirements,
        competency_urls={pk: reverse("competencies:competency", args=[slug]) for pk, slug in competencies},
    )
