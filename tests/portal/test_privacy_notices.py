"""Privacy notices where information is collected: one bilingual, versioned wording per kind of form,
and the version a member saw recorded and shown in their data export."""

import json

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import translation

from members.models import User
from nmc_portal.models import PrivacyNotice
from nmc_portal.privacy import current_notice, publish_new_version
from tests.factories import PASSWORD, UserFactory
from tests.members.test_signup import signup_data

pytestmark = pytest.mark.django_db


def reverse_in(language, name):
    with translation.override(language):
        return reverse(name)


def notice_of(html):
    return 'class="privacy-notice"' in html


def test_every_collection_has_a_first_version_in_both_languages():
    for collection in PrivacyNotice.Collection.values:
        notice = current_notice(collection)
        assert notice.version == 1
        for part in ("purpose", "authority", "use", "retention", "access"):
            assert getattr(notice, f"{part}_en") and getattr(notice, f"{part}_fr")


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/en/accounts/signup/", "Why we collect it"),
        ("/fr/accounts/signup/", "Pourquoi nous les recueillons"),
        ("/en/accessibility/", "How long it is kept"),
        ("/fr/accessibilite/", "Durée de conservation"),
    ],
)
def test_the_notice_is_shown_on_the_form_in_the_page_language(client, path, words):
    html = client.get(path).content.decode()
    assert notice_of(html) and words in html
    shown = current_notice("account" if "signup" in path else "report")
    assert f'name="privacy_notice" value="{shown.pk}"' in html


def test_the_profile_form_shows_the_account_notice(client):
    client.force_login(UserFactory())
    html = client.get(reverse_in("fr", "members:profile_edit")).content.decode()
    assert notice_of(html) and "Section 7" not in html and "article 7 de la Loi" in html


def test_sign_up_records_the_version_shown_even_after_a_new_one_is_published(client):
    first = current_notice("account")
    second = publish_new_version(
        PrivacyNotice.objects.get(pk=first.pk)
    )  # an administrator edits the wording meanwhile
    assert (first.version, second.version) == (1, 2)
    assert PrivacyNotice.objects.filter(collection="account").count() == 2
    client.post("/en/accounts/signup/", {**signup_data(), "privacy_notice": first.pk})
    assert User.objects.get(email="jordan.lee@tc.gc.ca").privacy_notice == first


@pytest.mark.parametrize("sent", ["", "99999999999999999999", "abc", "-1"])
def test_a_missing_or_forged_version_records_the_current_one(client, sent):
    survey_notice = current_notice("survey").pk  # another collection's notice is not accepted either
    for value in (sent, survey_notice):
        email = f"m{abs(hash((sent, value))) % 10**6}@tc.gc.ca"
        response = client.post("/en/accounts/signup/", {**signup_data(email=email), "privacy_notice": value})
        assert response.status_code == 302
        assert User.objects.get(email=email).privacy_notice == current_notice("account")


def test_the_data_export_lists_the_notice_versions_accepted(client):
    client.post("/en/accounts/signup/", signup_data())
    member = User.objects.get(email="jordan.lee@tc.gc.ca")
    member.emailaddress_set.update(verified=True)
    client.login(email=member.email, password=PASSWORD)
    client.force_login(member)
    data = json.loads(client.get("/en/members/my-data/").content)
    assert data["privacy_notices_accepted"][0]["notice"] == "account"
    assert data["privacy_notices_accepted"][0]["version"] == 1


def test_an_administrator_edit_publishes_a_new_version_and_keeps_the_old(rf):
    admin = site._registry[PrivacyNotice]
    notice = current_notice("report")
    notice.purpose_en = "New wording."
    request = rf.post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    admin.save_model(request, notice, form=None, change=True)
    assert current_notice("report").version == 2
    assert current_notice("report").purpose_en == "New wording."
    assert PrivacyNotice.objects.get(collection="report", version=1).purpose_en != "New wording."


def test_the_data_export_holds_what_the_member_wrote_and_sent_in_constant_queries(
    client, django_assert_max_num_queries
):
    from nmc_portal.accessibility import report_barrier
    from tests.communities.factories import CommunityFactory, ThreadFactory, member_of

    community = CommunityFactory()
    member = member_of(community, full_name="Lee Tran")
    thread = ThreadFactory(community=community, author=member, title="Onboarding remotely")
    thread.translated_title = "Accueil à distance"
    thread.save()
    report_barrier(
        token=None, kind="barrier", page="/en/", description="Focus lost.", name="", email=member.email,
        language="en", reporter=member,
    )  # fmt: skip
    client.force_login(member)

    def export():
        return json.loads(client.get(reverse_in("en", "members:export_data")).content)

    with django_assert_max_num_queries(40) as few:
        data = export()
    assert data["memberships"][0]["community"] == community.slug
    assert data["discussions"][0]["translated_title"] == "Accueil à distance"
    assert data["accessibility_reports"][0]["description"] == "Focus lost."
    assert data["survey_answers"] == [] and data["reports"] == []
    for n in range(3):
        ThreadFactory(community=community, author=member, title=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(export()["discussions"]) == 4
