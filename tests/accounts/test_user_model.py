import pytest
from django.db import IntegrityError

from tests.factories import UserFactory


@pytest.mark.django_db
def test_email_is_unique_whatever_its_capitals():
    UserFactory(email="Ada@Example.com")

    with pytest.raises(IntegrityError):
        UserFactory(email="ada@example.com")
