"""Invitation links: a signed token (django.core.signing, salted) naming the survey and the member, so no
sign-in is needed to answer; and the respondent key, a keyed hash of (survey, member) that finds one's own
response again while an anonymous survey stores no link from a response to a person.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

from members.models import User
from nmc_portal.bilingual import current_language

# The salts keep their old names: links already emailed, and responses already keyed, stay valid.
LINK_SALT = "events.surveys.link"
LINK_MAX_AGE = dt.timedelta(days=120)
RESPONDENT_SALT = "events.surveys.respondent"


class LinkError(Exception):
    """An invitation link that cannot be used. `reason`: tampered, expired, other_survey."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def respondent_key(survey, member):
    """A keyed hash of (survey, member): stable, and meaningless without the server's secret key."""
    return salted_hmac(RESPONDENT_SALT, f"{survey.pk}:{member.pk}", algorithm="sha256").hexdigest()


def link_token(survey, member):
    return signing.dumps({"s": survey.pk, "m": member.pk}, salt=LINK_SALT)


def member_from_token(token, survey):
    """The member an invitation was for, or LinkError: tampered with, too old, for another survey, or
    for a member who is no longer active."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkError("expired") from error
    except signing.BadSignature as error:
        raise LinkError("tampered") from error
    if not isinstance(data, dict) or data.get("s") != survey.pk:
        raise LinkError("other_survey")
    member = User.objects.filter(pk=data.get("m"), is_active=True).first()
    if member is None:
        raise LinkError("tampered")
    return member


def answer_path(survey, member, language=None):
    with translation.override(language or current_language()):
        return reverse(
            "surveys:answer",
            kwargs={"slug": survey.event.slug, "pk": survey.pk, "token": link_token(survey, member)},
        )


def answer_url(survey, member, language=None):
    return settings.SITE_URL + answer_path(survey, member, language)
