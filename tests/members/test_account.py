import json

import pytest
from allauth.account.models import EmailAddress

from members.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "full_name": "Morgan Tremblay",
        "department": "dfo",
        "region": "atlantic",
        "position": "senior_manager",
        "preferred_language": "fr",
        "directory_visible": "on",
    }
    data.update(overrides)
    return data


def test_profile_edit_saves_every_field(member_client, member):
    response = member_client.post("/en/members/profile/", profile_data())
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.department, member.region, member.position) == (
        "Morgan Tremblay",
        "dfo",
        "atlantic",
        "senior_manager",
    )
    assert member.preferred_language == "fr"
    assert member.directory_visible is True
    assert member.department_name == "Fisheries and Oceans Canada"


def test_profile_page_lists_departments_in_french_on_french_page(member_client):
    response = member_client.get("/fr/members/profil/")
    assert response.status_code == 200
    assert '<option value="dfo">Pêches et Océans Canada</option>' in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("department", "not-a-department"), ("region", "mars"), ("full_name", "x" * 151), ("full_name", "")],
)
def test_profile_edit_with_bad_input_answers_400_and_changes_nothing(member_client, member, field, value):
    before = User.objects.values().get(pk=member.pk)
    response = member_client.post("/en/members/profile/", profile_data(**{field: value}))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.values().get(pk=member.pk) == before


def test_profile_pages_require_sign_in(client):
    for url in ("/en/members/", "/en/members/profile/", "/en/members/my-data/", "/en/members/delete/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=")


def test_export_data_downloads_the_members_own_data_as_json(member_client, member):
    response = member_client.get("/en/members/my-data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="nmc-portal-my-data-')
    data = json.loads(response.content)
    assert data["profile"]["email"] == member.email
    assert data["profile"]["full_name"] == member.full_name
    assert data["profile"]["department_name"] == "Transport Canada"
    assert data["profile"]["interests"] == []
    assert (data["profile"]["notify_replies"], data["profile"]["community_digest"]) == (True, True)
    assert data["email_addresses"] == [{"email": member.email, "verified": True, "primary": True}]


def test_delete_account_with_wrong_password_keeps_the_account(member_client, member):
    response = member_client.post("/en/members/delete/", {"password": "not-my-password"})
    assert response.status_code == 400
    assert 'id="id_password_error"' in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_account_removes_the_member_and_signs_out(member_client, member):
    response = member_client.post("/en/members/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert not User.objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email=member.email).exists()
    assert member_client.get("/en/members/").status_code == 302
