"""Making database rows match source data, writing only what differs (so a second load is a no-op)."""

from collections import Counter
from typing import Any

from django.db import models


class SyncReport(Counter):
    """How many rows a load created, updated, left unchanged or deleted, per kind of row."""

    def add(self, label: str, outcome: str) -> None:
        self[(label, outcome)] += 1

    def changed(self) -> bool:
        return any(outcome != "unchanged" for _, outcome in self)

    def summary(self) -> str:
        labels = sorted({label for label, _ in self})
        parts = []
        for label in labels:
            counts = {
                outcome: self[(label, outcome)]
                for outcome in ("created", "updated", "deleted", "retired", "unchanged")
            }
            parts.append(f"{label}: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n))
        return "; ".join(parts) or "nothing to load"


def _validate(instance: models.Model) -> None:
    # Field checks and clean() here; uniqueness and check constraints are the database's to enforce.
    instance.full_clean(validate_unique=False, validate_constraints=False)


def upsert[M: models.Model](
    model: type[M], *, lookup: dict[str, Any], values: dict[str, Any], report: SyncReport
) -> M:
    """Create the row found by `lookup`, or update only the fields of `values` that differ."""
    label = model._meta.verbose_name_plural
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        _validate(instance)
        instance.save()
        report.add(label, "created")
        return instance
    changed = [field for field, value in values.items() if getattr(instance, field) != value]
    if changed:
        for field in changed:
            setattr(instance, field, values[field])
        _validate(instance)
        instance.save(update_fields=changed)
    report.add(label, "updated" if changed else "unchanged")
    return instance


def delete_missing(queryset: models.QuerySet, *, keep_pks: set[int], report: SyncReport) -> None:
    """Remove the rows of `queryset` that the source no longer names."""
    # Look before deleting, so that a load with nothing to remove issues no write at all.
    stale = list(queryset.exclude(pk__in=keep_pks).values_list("pk", flat=True))
    if stale:
        queryset.model.objects.filter(pk__in=stale).delete()
        report[(queryset.model._meta.verbose_name_plural, "deleted")] += len(stale)
