"""Security log: log-ins, log-outs and failed log-ins (django-axes logs lock-outs, Django logs refused requests)."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("rungs.security")


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "?") if request is not None else "?"


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs) -> None:
    logger.info("login user=%s ip=%s", user.get_username(), _address(request))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs) -> None:
    logger.info("logout user=%s ip=%s", getattr(user, "username", "?"), _address(request))


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs) -> None:
    # The path tells a failed log-in from a wrong password at "change password" or "delete my account".
    path = request.path if request is not None else "?"
    logger.warning(
        "login failed user=%s ip=%s path=%s", credentials.get("username", "?"), _address(request), path
    )


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    logger.warning("login locked out user=%s ip=%s", username, ip_address)
