"""Invitation links: signed for one survey and one active member, for 120 days; respondent keys."""

import datetime as dt
import hashlib

import pytest
from django.core import signing

from surveys import links, services
from surveys.links import LinkError
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.surveys.helpers import old_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return services.ensure_feedback_survey(EventFactory())


def reason(token, survey):
    with pytest.raises(LinkError) as caught:
        links.member_from_token(token, survey)
    return caught.value.reason


def test_a_token_names_its_member(survey):
    member = UserFactory()
    assert links.member_from_token(links.link_token(survey, member), survey) == member


def test_a_token_a_day_short_of_its_age_limit_still_works(survey):
    member = UserFactory()
    token = old_token(survey, member, age=links.LINK_MAX_AGE - dt.timedelta(days=1))
    assert links.member_from_token(token, survey) == member


def test_an_old_token_has_expired(survey):
    token = old_token(survey, UserFactory(), age=links.LINK_MAX_AGE + dt.timedelta(seconds=1))
    assert reason(token, survey) == "expired"


def test_a_changed_token_is_tampered(survey):
    token = links.link_token(survey, UserFactory())
    assert reason(token[:-3] + "abc", survey) == "tampered"
    assert reason("not-a-token", survey) == "tampered"


def test_a_token_with_another_salt_is_tampered(survey):
    token = signing.dumps({"s": survey.pk, "m": UserFactory().pk}, salt="something else")
    assert reason(token, survey) == "tampered"


def test_a_token_for_another_survey_is_refused(survey):
    other = services.create_consultation(event=survey.event, topics=[{"en": "A"}, {"en": "B"}])
    assert reason(links.link_token(other, UserFactory()), survey) == "other_survey"


def test_a_token_for_an_inactive_or_deleted_member_is_refused(survey):
    inactive, deleted = UserFactory(is_active=False), UserFactory()
    token = links.link_token(survey, deleted)
    deleted.delete()
    assert reason(links.link_token(survey, inactive), survey) == "tampered"
    assert reason(token, survey) == "tampered"


def test_respondent_key_is_stable_per_survey_and_member_and_says_nothing(survey):
    member, other = UserFactory(), UserFactory()
    consultation = services.create_consultation(event=survey.event, topics=[{"en": "A"}, {"en": "B"}])
    key = links.respondent_key(survey, member)
    assert key == links.respondent_key(survey, member)
    assert len(key) == 64
    assert key != hashlib.sha256(f"{survey.pk}:{member.pk}".encode()).hexdigest()  # a secret goes in
    assert key != links.respondent_key(survey, other)
    assert key != links.respondent_key(consultation, member)


def test_respondent_key_changes_with_the_secret_key(survey, settings):
    member = UserFactory()
    key = links.respondent_key(survey, member)
    settings.SECRET_KEY = "another secret key, another server"
    assert links.respondent_key(survey, member) != key


def test_answer_url_is_the_public_path_in_the_members_language(survey, settings):
    member = UserFactory()
    slug = survey.event.slug
    # Each call signs anew (the token carries its time): compare the paths around their own tokens.
    english = links.answer_path(survey, member, "en")
    token = english.split("/")[-2]
    assert english == f"/en/events/{slug}/surveys/{survey.pk}/{token}/"
    assert links.member_from_token(token, survey) == member
    french = links.answer_url(survey, member, "fr")
    token = french.split("/")[-2]
    assert french == f"{settings.SITE_URL}/fr/evenements/{slug}/sondages/{survey.pk}/{token}/"
    assert links.member_from_token(token, survey) == member
