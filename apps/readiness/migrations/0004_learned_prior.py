# A learned population prior, beliefs stored as per-competency observations, verdict probabilities, and
# self-graded open answers kept beside the estimate as self-assessment.

import django.db.models.deletion
from django.db import migrations, models

# The hand-set prior every belief so far was computed under (variances of g, an area's and a competency's part).
OLD_VARIANCES = (1.0, 0.36, 0.25)


def _inverse(matrix: list[list[float]]) -> list[list[float]]:
    """Gauss-Jordan with partial pivoting: a covariance matrix is symmetric positive definite."""
    size = len(matrix)
    work = [list(row) + [1.0 if i == j else 0.0 for j in range(size)] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(work[r][col]))
        work[col], work[pivot] = work[pivot], work[col]
        scale = work[col][col]
        work[col] = [x / scale for x in work[col]]
        for r in range(size):
            if r != col and work[r][col]:
                factor = work[r][col]
                work[r] = [x - factor * y for x, y in zip(work[r], work[col], strict=True)]
    return [row[size:] for row in work]


def observations_of(belief: dict, area_ids: list, competency_ids: list) -> dict:
    """The old belief (mean and covariance over g, the areas' and the competencies' parts, under the old prior)
    was that prior times Gaussian observations of single competencies. Such an observation adds to its
    competency's own diagonal entry of the precision matrix and to its entry of the information vector only, so
    the posterior's precision and information minus the prior's give each competency's observations exactly."""
    if not belief or "cov" not in belief or not competency_ids:
        return {}
    precision = _inverse(belief["cov"])
    first = 1 + len(area_ids)
    competencies = {}
    for k, competency_id in enumerate(competency_ids):
        i = first + k
        observed = precision[i][i] - 1.0 / OLD_VARIANCES[2]
        information = sum(precision[i][j] * belief["mean"][j] for j in range(len(belief["mean"])))
        if observed > 1e-9:
            competencies[str(competency_id)] = [round(observed, 8), round(information, 8)]
    return {"competencies": competencies}


def convert(apps, schema_editor):
    AbilityBelief = apps.get_model("readiness", "AbilityBelief")
    for row in AbilityBelief.objects.only("belief", "area_ids", "competency_ids").iterator(chunk_size=500):
        row.belief = observations_of(row.belief, row.area_ids, row.competency_ids)
        row.save(update_fields=["belief"])


def forget(apps, schema_editor):
    """Backwards: the old code cannot read the new beliefs; they start again from the prior."""
    apps.get_model("readiness", "AbilityBelief").objects.update(belief={})


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0002_profile_shape_version"),
        ("readiness", "0003_belief_snapshot_day"),
    ]

    operations = [
        migrations.CreateModel(
            name="PopulationPrior",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("overall", models.FloatField(help_text="Variance of the overall ability.")),
                ("area", models.FloatField(help_text="Variance of an area's deviation from it.")),
                (
                    "competency",
                    models.FloatField(help_text="Variance of a competency's deviation from its area."),
                ),
                ("mean", models.FloatField(help_text="Mean of the overall ability.")),
                ("candidates", models.PositiveIntegerField(help_text="Candidates it was learned from.")),
                ("iterations", models.PositiveIntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "profile",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="competencies.roleprofile",
                    ),
                ),
            ],
            options={"ordering": ["profile", "-pk"]},
        ),
        migrations.AddConstraint(
            model_name="populationprior",
            constraint=models.CheckConstraint(
                condition=models.Q(("area__gt", 0), ("competency__gt", 0), ("overall__gt", 0)),
                name="readiness_prior_variances_positive",
            ),
        ),
        migrations.AddField(
            model_name="abilitybelief",
            name="prior",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="readiness.populationprior",
            ),
        ),
        migrations.RunPython(convert, forget),
        migrations.RemoveField(model_name="abilitybelief", name="area_ids"),
        migrations.RemoveField(model_name="abilitybelief", name="competency_ids"),
        migrations.AlterField(
            model_name="abilitybelief",
            name="belief",
            field=models.JSONField(
                default=dict, help_text='{"competencies": {id: [precision, information]}}'
            ),
        ),
        migrations.AddField(
            model_name="stagereadiness",
            name="probability",
            field=models.FloatField(
                db_default=0.0, default=0.0, help_text="Posterior probability of the verdict."
            ),
        ),
        migrations.AddField(
            model_name="selfassessment",
            name="open_answers",
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name="selfassessment",
            name="open_score_sum",
            field=models.FloatField(db_default=0.0, default=0.0),
        ),
        migrations.AlterField(
            model_name="selfassessment",
            name="level",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="selfassessment",
            name="rated_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
