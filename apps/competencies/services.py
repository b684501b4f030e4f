"""Writes to the role profile."""

from django.db import transaction

from .models import Area, CareerStage, Competency, Indicator, RoleProfile, StageRequirement
from .sync import SyncReport, delete_missing, upsert


@transaction.atomic
def role_profile_sync(*, data: dict) -> SyncReport:
    """Make the database match one role profile as built by `build_fixtures`.

    Stages, areas and competencies the data no longer names are left alone (questions and answers may point at
    them); indicators and stage requirements are the profile's own detail and follow the data exactly.
    """
    report = SyncReport()
    fields = data["profile"]
    profile = upsert(
        RoleProfile,
        lookup={"slug": fields["slug"]},
        values={"name": fields["name"], "description": fields["description"]},
        report=report,
    )
    stages = {stage["order"]: _sync_stage(profile, stage, report) for stage in data["stages"]}
    kept_requirements: set[int] = set()
    for area_data in data["areas"]:
        area = upsert(
            Area,
            lookup={"profile": profile, "slug": area_data["slug"]},
            values={"name": area_data["name"], "order": area_data["order"]},
            report=report,
        )
        for competency_data in area_data["competencies"]:
            competency = _sync_competency(profile, area, competency_data, report)
            kept_requirements |= _sync_requirements(
                competency, competency_data["requirements"], stages, report
            )
    delete_missing(
        StageRequirement.objects.filter(stage__profile=profile), keep_pks=kept_requirements, report=report
    )
    return report


def _sync_stage(profile: RoleProfile, data: dict, report: SyncReport) -> CareerStage:
    return upsert(
        CareerStage,
        lookup={"profile": profile, "slug": data["slug"]},
        values={"name": data["name"], "description": data["description"], "order": data["order"]},
        report=report,
    )


def _sync_competency(profile: RoleProfile, area: Area, data: dict, report: SyncReport) -> Competency:
    competency = upsert(
        Competency,
        lookup={"profile": profile, "slug": data["slug"]},
        values={
            "area": area,
            "name": data["name"],
            "description": data["description"],
            "assessment": data["assessment"],
            "order": data["order"],
        },
        report=report,
    )
    kept = {
        upsert(
            Indicator, lookup={"competency": competency, "order": order}, values={"text": text}, report=report
        ).pk
        for order, text in enumerate(data["indicators"], 1)
    }
    delete_missing(competency.indicators.all(), keep_pks=kept, report=report)
    return competency


def _sync_requirements(
    competency: Competency, requirements: list[dict], stages: dict[int, CareerStage], report: SyncReport
) -> set[int]:
    return {
        upsert(
            StageRequirement,
            lookup={"stage": stages[item["stage_order"]], "competency": competency},
            values={"target_level": item["target_level"], "weight": item["weight"]},
            report=report,
        ).pk
        for item in requirements
    }
