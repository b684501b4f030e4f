import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.mentoring.models import Mentorship


@pytest.mark.django_db
def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_users")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_accounts_are_created_once_and_printed(settings, capsys):
    settings.DEBUG = True

    call_command("create_demo_users")
    call_command("create_demo_users")

    assert User.objects.count() == 3
    assert User.objects.get(username="admin").is_staff
    assert User.objects.get(username="demo").check_password("practise-daily")
    assert Mentorship.objects.get().mentor.username == "mentor"
    assert Mentorship.objects.get().status == "active"
    assert "Demo candidate: demo / practise-daily (already there)" in capsys.readouterr().out
