"""The answer model was called Response, which in the views also meant the HTTP response: it is Answer now, with
its table, index and constraints renamed to match. Data is kept (a table rename, not a copy)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attempts", "0006_choice_order"),
        ("mentoring", "0001_initial"),
        ("questions", "0003_question_irt_a_question_irt_b"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Response", new_name="Answer"),
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="answers", to="questions.question"
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="session",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="answers", to="attempts.quizsession"
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="slot",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answer",
                to="attempts.sessionquestion",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RenameIndex(
            model_name="answer", new_name="attempts_answer_by_user", old_name="attempts_response_by_user"
        ),
        migrations.RemoveConstraint(model_name="answer", name="attempts_response_once_per_session"),
        migrations.RemoveConstraint(model_name="answer", name="attempts_response_score_range"),
        migrations.RemoveConstraint(model_name="answer", name="attempts_response_self_rating_range"),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                fields=("session", "question"), name="attempts_answer_once_per_session"
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("score__isnull", True), models.Q(("score__gte", 0), ("score__lte", 1)), _connector="OR"
                ),
                name="attempts_answer_score_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("self_rating__isnull", True),
                    models.Q(("self_rating__gte", 1), ("self_rating__lte", 5)),
                    _connector="OR",
                ),
                name="attempts_answer_self_rating_range",
            ),
        ),
    ]
