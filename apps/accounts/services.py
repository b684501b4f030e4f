import logging

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction

logger = logging.getLogger("rungs.security")


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete a person and what is theirs. Their answers, estimates, sessions, mentorships and comments go through
    the foreign keys' CASCADE; item statistics keep their anonymous sums until the nightly rebuild from the answers
    that remain; problem reports and the question history keep the text but lose the name (SET_NULL). Log-in
    records under the username go too, and so does every log-in session of theirs, on any device, at once."""
    username = user.username
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
    _sessions_delete(user=user)
    user.delete()
    logger.info("account deleted user=%s", username)


def _sessions_delete(*, user) -> None:
    """Delete every stored session signed in as this user (settings pin the database session engine).

    A session row does not name its user: only its encoded data does, so each one is decoded. That reads the whole
    table, which is acceptable for a rare action on a table that `clearsessions` keeps to the live sessions."""
    user_id = user._meta.pk.value_to_string(user)  # as login() stores it
    keys = [
        session.session_key
        for session in Session.objects.only("session_key", "session_data").iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(session_key__in=keys).delete()
