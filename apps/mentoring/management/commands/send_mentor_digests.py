from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from apps.accounts.models import User
from apps.mentoring import selectors
from apps.mentoring.models import DigestLog, Mentorship


class Command(BaseCommand):
    help = "E-mail each mentor a summary of their mentees' week; a second run in the same week sends nothing."

    def handle(self, **options) -> None:
        year, week, _ = timezone.localdate().isocalendar()
        key = f"{year}-W{week:02d}"
        mentors = User.objects.filter(mentorships_as_mentor__status=Mentorship.Status.ACTIVE).distinct()
        sent = 0
        for mentor in mentors:
            try:
                with transaction.atomic():
                    # Claim the week first: no double sends.
                    DigestLog.objects.create(mentor=mentor, week=key)
                    rows = selectors.sort_rows(selectors.mentor_rows(mentor), "readiness")
                    body = render_to_string(
                        "mentoring/email/digest.txt", {"mentor": mentor, "rows": rows, "week": key}
                    )
                    send_mail(f"Your mentees this week ({key})", body, None, [mentor.email])
            except IntegrityError:
                continue  # already sent this week
            sent += 1
        self.stdout.write(f"Sent {sent} digest(s) for {key}.")
