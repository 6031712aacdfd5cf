import pytest
from django.apps import apps
from django.core.management import call_command

from members.models import User
from nmc_portal.launch import DEMO_SIGN_INS

pytestmark = pytest.mark.django_db


DEMO_APPS = {"members", "events", "surveys", "communities", "learning", "account", "taggit"}


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in DEMO_APPS
    }


def test_load_demo_creates_one_account_per_role():
    call_command("load_demo", stdout=None)
    sign_ins = [email for _, email in DEMO_SIGN_INS]
    roles = {user.email: user.is_staff for user in User.objects.filter(email__in=sign_ins)}
    assert roles == {
        "manager@demo.gc.ca": False,
        "organizer@demo.gc.ca": False,
        "moderator@demo.gc.ca": False,
        "admin@demo.gc.ca": True,
    }
    assert User.objects.get(email="manager@demo.gc.ca").check_password("nmc-demo-2026")


def test_load_demo_twice_creates_no_duplicates():
    call_command("load_demo")
    first = row_counts()
    call_command("load_demo")
    assert row_counts() == first
    assert first["members.User"] >= 4
