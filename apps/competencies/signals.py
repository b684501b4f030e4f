"""Any change to what a profile is made of gives the profile a new `shape_version` (see RoleProfile)."""

import uuid

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from .models import Area, CareerStage, Competency, RoleProfile, StageRequirement


def _profiles_of(instance) -> QuerySet[RoleProfile]:
    if isinstance(instance, StageRequirement):  # through its stage: no query for the stage itself
        return RoleProfile.objects.filter(stages=instance.stage_id)
    return RoleProfile.objects.filter(pk=instance.profile_id)


def shape_changed(sender, instance, **kwargs) -> None:
    _profiles_of(instance).update(shape_version=uuid.uuid4())


def connect() -> None:
    for model in (Area, CareerStage, Competency, StageRequirement):
        post_save.connect(shape_changed, sender=model, dispatch_uid=f"shape_changed_on_save_{model.__name__}")
        post_delete.connect(
            shape_changed, sender=model, dispatch_uid=f"shape_changed_on_delete_{model.__name__}"
        )
