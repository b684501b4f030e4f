from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import User

# Development only: the passwords are in the README, so these accounts must never exist on a real server.
DEMO_USERS = [
    {"username": "demo", "email": "demo@rungs.invalid", "password": "practise-daily", "is_staff": False},
    {"username": "admin", "email": "admin@rungs.invalid", "password": "author-questions", "is_staff": True},
]


class Command(BaseCommand):
    help = "Create the demo candidate and demo admin (development only; refused when DEBUG is off)."

    @transaction.atomic
    def handle(self, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only: DEBUG is off, so none were created.")
        for spec in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "email": spec["email"],
                    "is_staff": spec["is_staff"],
                    "is_superuser": spec["is_staff"],
                },
            )
            if created:
                user.set_password(spec["password"])
                user.save(update_fields=["password"])
            role = "admin" if spec["is_staff"] else "candidate"
            state = "created" if created else "already there"
            self.stdout.write(f"Demo {role}: {spec['username']} / {spec['password']} ({state})")
