"""The yardstick's one table. No migrations: `migrate --run-syncdb` creates it in the bench's database."""

from django.conf import settings
from django.db import models

from apps.questions.models import Choice, Question


class MinimalAnswer(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at"]

    def __str__(self) -> str:
        return f"{self.user_id} chose {self.choice_id}"
