"""Writes to readiness data. The Readiness issue adds ability estimates, updated from every answer."""

from django.db import transaction

from apps.competencies.models import CareerStage

from .models import TargetStage


@transaction.atomic
def target_stage_set(*, user, stage: CareerStage) -> TargetStage:
    target, _ = TargetStage.objects.update_or_create(user=user, defaults={"stage": stage})
    return target


def target_stage_of(user) -> CareerStage | None:
    target = TargetStage.objects.select_related("stage").filter(user=user).first()
    return target.stage if target else None
