"""Options are shuffled per candidate, so an answer names its options by id, no longer by the author's position."""

from django.db import migrations, models

BATCH = 2000


def _convert(apps, *, to_ids: bool) -> None:
    Choice = apps.get_model("questions", "Choice")
    Response = apps.get_model("attempts", "Response")
    by_position = {(q, p): pk for pk, q, p in Choice.objects.values_list("pk", "question_id", "position")}
    by_id = {pk: position for (_, position), pk in by_position.items()}
    answers = Response.objects.exclude(selected=[]).only("pk", "question_id", "selected").order_by("pk")
    batch = []
    for answer in answers.iterator(chunk_size=BATCH):
        if to_ids:
            answer.selected = sorted(by_position[answer.question_id, p] for p in answer.selected
                                     if (answer.question_id, p) in by_position)  # fmt: skip
        else:
            answer.selected = sorted(by_id[pk] for pk in answer.selected if pk in by_id)
        batch.append(answer)
        if len(batch) == BATCH:
            Response.objects.bulk_update(batch, ["selected"])
            batch = []
    Response.objects.bulk_update(batch, ["selected"])


def positions_to_ids(apps, schema_editor) -> None:
    _convert(apps, to_ids=True)


def ids_to_positions(apps, schema_editor) -> None:
    _convert(apps, to_ids=False)


class Migration(migrations.Migration):
    dependencies = [
        ("attempts", "0005_review_card_right"),
        ("questions", "0003_question_irt_a_question_irt_b"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessionquestion",
            name="choice_order",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Ids of the options in the order this candidate sees them.",
            ),
        ),
        migrations.AlterField(
            model_name="response",
            name="selected",
            field=models.JSONField(blank=True, default=list, help_text="Ids of the options chosen."),
        ),
        migrations.RunPython(positions_to_ids, ids_to_positions, elidable=True),
    ]
