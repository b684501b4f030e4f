from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A person using Rungs. Anyone can practise as a candidate; staff users also author content."""

    email = models.EmailField("e-mail address", help_text="Used for password resets and mentor invitations.")

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            # Password resets and invitations look people up by e-mail, so one address must mean one person,
            # whatever its capitalisation.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.username
