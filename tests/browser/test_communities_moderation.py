"""A member joins an approval-based community, posts; another reports; the moderator hides it.

One run per official language, driven by role and label; axe runs on every page visited.
"""

import re

import pytest

from communities.models import Joining, Membership, ModerationLog, PostStatus, Role, Thread, Visibility
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.communities.outbox import send_queued
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "base": "/en/communities/coaching/",
        "ask": "Ask to join",
        "message": "Message to the moderators (optional)",
        "send_request": "Send my request",
        "request_sent": "Your request was sent.",
        "accept": "Accept",
        "decide": "Send the decision for Jordan Lee",
        "start": "Start a discussion",
        "title": "Title",
        "body": "Message",
        "post": "Post the discussion",
        "report": "Report the post by Jordan Lee",
        "spam": "Spam or advertising",
        "send_report": "Send my report",
        "received": "Thank you: your report was received. A moderator will review it.",
        "action": "Action",
        "hide": "Hide",
        "reason": "Reason",
        "apply": "Apply",
        "notice": "Your post was hidden by a moderator. Other members no longer see it.",
        "reason_prefix": "Reason:",
    },
    "fr": {
        "base": "/fr/communautes/coaching/",
        "ask": "Demander à se joindre à la communauté",
        "message": "Message aux personnes modératrices (facultatif)",
        "send_request": "Envoyer ma demande",
        "request_sent": "Votre demande a été envoyée.",
        "accept": "Accepter",
        "decide": "Envoyer la décision pour Jordan Lee",
        "start": "Lancer une discussion",
        "title": "Titre",
        "body": "Message",
        "post": "Publier la discussion",
        "report": "Signaler le message de Jordan Lee",
        "spam": "Pourriel ou publicité",
        "send_report": "Envoyer mon signalement",
        "received": "Merci\u00a0: votre signalement a été reçu. Une personne modératrice l'examinera.",
        "action": "Action",
        "hide": "Masquer",
        "reason": "Motif",
        "apply": "Appliquer",
        "notice": (
            "Votre message a été masqué par une personne modératrice. Les autres membres ne le voient plus."
        ),
        "reason_prefix": "Motif\u00a0:",
    },
}


def starts(label):
    """An accessible name beginning with label (fields add "(required)" in the page's language)."""
    return re.compile("^" + re.escape(label) + r"\b")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_member_joins_posts_is_reported_and_hidden_by_moderator(visitor_factory, language):
    t = TEXT[language]
    community = CommunityFactory(
        slug="coaching",
        name_en="Coaching",
        name_fr="Coaching",
        joining=Joining.APPROVAL,
        visibility=Visibility.MEMBERS,
    )
    joiner = UserFactory(full_name="Jordan Lee", preferred_language=language)
    reporter = UserFactory(full_name="Riley Chen", preferred_language=language)
    moderator = UserFactory(full_name="Mathieu Gagnon", preferred_language=language)
    MembershipFactory(community=community, member=reporter)
    MembershipFactory(community=community, member=moderator, role=Role.MODERATOR)
    locale = "fr-CA" if language == "fr" else "en-CA"

    # The member asks to join.
    member = visitor_factory(f"communities-{language}-member", locale)
    member.sign_in(joiner)
    member.goto(t["base"])
    member.page.get_by_role("link", name=t["ask"]).click()
    member.check("join form")
    member.page.get_by_label(t["message"]).fill("I coach two new supervisors.")
    member.page.get_by_role("button", name=t["send_request"]).click()
    member.check("request sent")
    assert t["request_sent"] in member.page.get_by_role("status").first.inner_text()

    # The moderator accepts; the member is told by email in their language.
    mod = visitor_factory(f"communities-{language}-moderator", locale)
    mod.sign_in(moderator)
    mod.goto(t["base"] + "moderation/")
    mod.page.get_by_label(t["accept"], exact=True).check()
    mod.page.get_by_role("button", name=t["decide"]).click()
    mod.check("request accepted")
    assert Membership.objects.get(community=community, member=joiner).status == "active"
    assert [message.to for message in send_queued()] == [[joiner.email]]

    # The member posts a discussion.
    member.goto(t["base"])
    member.page.get_by_role("link", name=t["start"]).click()
    member.check("new discussion")
    member.page.get_by_role("textbox", name=starts(t["title"])).fill("Buy cheap watches")
    member.page.get_by_role("textbox", name=starts(t["body"])).fill(
        "Visit [my shop](https://shop.example.com) **today**"
    )
    member.page.get_by_role("button", name=t["post"]).click()
    member.check("discussion posted")
    thread = Thread.objects.get(community=community)
    assert thread.body_html == (
        '<p>Visit <a href="https://shop.example.com" rel="nofollow noopener">my shop</a>'
        " <strong>today</strong></p>"
    )

    # Another member reports it and is told the report was received.
    other = visitor_factory(f"communities-{language}-reporter", locale)
    other.sign_in(reporter)
    other.goto(member.page.url.removeprefix(member.base_url))
    other.page.get_by_role("link", name=t["report"]).click()
    other.check("report form")
    other.page.get_by_label(t["spam"]).check()
    other.page.get_by_role("button", name=t["send_report"]).click()
    other.check("report received")
    assert t["received"] in other.page.get_by_role("status").first.inner_text()

    # The moderator hides it from the queue, with a reason.
    mod.goto(t["base"] + "moderation/")
    mod.page.get_by_role("combobox", name=starts(t["action"])).select_option(label=t["hide"])
    mod.page.get_by_role("textbox", name=starts(t["reason"])).fill("Advertising is not allowed here.")
    mod.page.get_by_role("button", name=t["apply"]).click()
    mod.check("hidden from queue")
    thread.refresh_from_db()
    assert thread.status == PostStatus.HIDDEN
    entry = ModerationLog.objects.get(action="hide")
    assert (entry.actor_id, entry.reason) == (moderator.pk, "Advertising is not allowed here.")
    assert send_queued()[-1].to == [joiner.email]

    # The author sees the notice and the reason.
    member.page.reload()
    member.check("author sees notice")
    notice = member.page.get_by_role("status").filter(has_text=t["notice"])
    assert f"{t['reason_prefix']} Advertising is not allowed here." in notice.inner_text()
