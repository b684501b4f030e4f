"""A comment is on an answer (attempts.Answer, formerly Response): the field says so. The index that names the
field is dropped first and made again after, as Django cannot rename a field an index lists."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attempts", "0007_rename_response_to_answer"),
        ("mentoring", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="comment", name="mentoring_comment_unread"),
        migrations.RenameField(model_name="comment", old_name="response", new_name="answer"),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["answer", "read_at"], name="mentoring_comment_unread"),
        ),
    ]
