import logging

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction

logger = logging.getLogger("rungs.security")


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete a person and what is theirs. Their answers, estimates, sessions, mentorships and comments go through
    the foreign keys' CASCADE; aggregate item statistics keep only their anonymous sums; problem reports and the
    question history keep the text but lose the name (SET_NULL). Log-in records under the username go too."""
    username = user.username
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
    user.delete()
    logger.info("account deleted user=%s", username)
