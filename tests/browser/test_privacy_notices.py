"""Each form that collects personal information shows its privacy notice where the information is
collected, in the page's language: sign-up, profile, event registration, a consultation, a report to
moderators and the accessibility report. Each notice is opened and the page checked with axe."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from surveys import services
from surveys.models import Survey
from tests.communities.factories import CommunityFactory, ThreadFactory, member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": ("Privacy notice: how we use what you give us", "Why we collect it", "Authority"),
    "fr": (
        "Avis de confidentialité\u00a0: l'usage que nous faisons de vos renseignements",
        "Pourquoi nous les recueillons",
        "Autorité",
    ),
}


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_collecting_form_shows_its_notice_in_the_page_language(visitor_factory, language):
    summary, purpose, authority = WORDS[language]
    event = EventFactory(registration_opens_at=None)
    consultation = services.create_consultation(event=event, topics=[{"en": "Rules", "fr": "Règles"}])
    Survey.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=1), closes_at=timezone.now() + dt.timedelta(days=7)
    )
    community = CommunityFactory()
    member = member_of(community, full_name="Noor Haddad", preferred_language=language)
    thread = ThreadFactory(community=community)
    v = visitor_factory(f"notices-{language}", locale="fr-CA" if language == "en" else "en-CA")

    def notice_on(path, label):
        v.goto(path)
        notice = v.page.locator("details.privacy-notice")
        notice.get_by_text(summary, exact=True).click()
        expect(notice.get_by_text(purpose, exact=True)).to_be_visible()
        expect(notice.get_by_text(authority, exact=True)).to_be_visible()
        assert v.page.locator("html").get_attribute("lang") == language
        v.check(f"{label} notice open")

    notice_on(url(language, "account_signup"), "sign-up")
    notice_on(url(language, "accessibility"), "accessibility report")
    v.sign_in(member)
    notice_on(url(language, "members:profile_edit"), "profile")
    notice_on(url(language, "events:register", event.slug), "registration")
    notice_on(url(language, "surveys:consultation", consultation.pk), "consultation")
    notice_on(url(language, "communities:thread_report", community.slug, thread.pk), "report")
