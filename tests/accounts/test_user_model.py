import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_email_is_the_login_and_case_insensitive():
    User.objects.create_user("Wanjiru@AngiSoft.co.ke", "a-long-password-1", first_name="W")
    user = authenticate(email="WANJIRU@angisoft.CO.KE", password="a-long-password-1")
    assert user is not None
    assert user.email == "wanjiru@angisoft.co.ke"


def test_wrong_password_does_not_authenticate():
    User.objects.create_user("otieno@angisoft.co.ke", "a-long-password-1")
    assert authenticate(email="otieno@angisoft.co.ke", password="wrong") is None


def test_email_is_unique_whatever_the_case():
    User.objects.create_user("amina@angisoft.co.ke", "pw-123456789")
    with pytest.raises(IntegrityError):
        User.objects.create_user("AMINA@angisoft.co.ke", "pw-123456789")


def test_database_constraint_catches_raw_mixed_case_writes():
    User.objects.create_user("kip@angisoft.co.ke", "pw-123456789")
    with pytest.raises(IntegrityError):
        # bypasses the manager's normalisation: the Lower(email) constraint still holds
        User.objects.bulk_create([User(email="KIP@angisoft.co.ke")])
