from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import User
from apps.mentoring.models import Mentorship
from apps.mentoring.services import mentorship_accept, mentorship_invite

# Development only: the passwords are in the README, so these accounts must never exist on a real server.
DEMO_USERS = [
    {"username": "demo", "email": "demo@rungs.invalid", "password": "practise-daily", "role": "candidate"},
    {"username": "mentor", "email": "mentor@rungs.invalid", "password": "guide-others", "role": "mentor"},
    {"username": "admin", "email": "admin@rungs.invalid", "password": "author-questions", "role": "admin"},
]


class Command(BaseCommand):
    help = (
        "Create the demo candidate, mentor and admin, the mentor linked to the candidate (development only)."
    )

    @transaction.atomic
    def handle(self, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only: DEBUG is off, so none were created.")
        users = {}
        for spec in DEMO_USERS:
            staff = spec["role"] == "admin"
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={"email": spec["email"], "is_staff": staff, "is_superuser": staff},
            )
            if created:
                user.set_password(spec["password"])
                user.save(update_fields=["password"])
            users[spec["role"]] = user
            state = "created" if created else "already there"
            self.stdout.write(f"Demo {spec['role']}: {spec['username']} / {spec['password']} ({state})")
        candidate, mentor = users["candidate"], users["mentor"]
        if not Mentorship.objects.live().filter(candidate=candidate, mentor=mentor).exists():
            mentorship_accept(mentorship=mentorship_invite(candidate=candidate, mentor=mentor), mentor=mentor)
            self.stdout.write("Demo mentor follows the demo candidate.")
