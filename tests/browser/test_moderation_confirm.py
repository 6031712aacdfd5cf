"""Moderation without slips, once per official language, axe on every state.

In a queue of several reported items each control names its item for screen readers; remove and
suspend ask on a page of their own (Cancel changes nothing, Confirm acts once); hide applies at once.
The admins' queue of comments on articles published on their own works the same way.
"""

import re

import pytest
from playwright.sync_api import expect

from communities import services
from communities.models import ArticleComment, ModerationLog, PostStatus, Reply, Role, Suspension
from tests.communities.factories import (
    ArticleCommentFactory,
    ArticleFactory,
    CommunityFactory,
    ThreadFactory,
    member_of,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NBSP, NNBSP = "\u00a0", "\u202f"
TEXT = {
    "en": {
        "queue": "/en/communities/coaching/moderation/",
        "title": "Feedback that lands",
        "reply": "Reply {n} in “Feedback that lands”",
        "action": "Action for: {item}",
        "reason": "Reason for: {item}",
        "days": "Suspension length in days for: {item}",
        "apply": "Apply to: {item}",
        "remove": "Remove",
        "suspend": "Suspend the author",
        "hide": "Hide",
        "remove_question": "Remove this reply?",
        "suspend_question": "Suspend Sam Spammer?",
        "confirm_removal": "Confirm the removal",
        "confirm_suspension": "Confirm the suspension",
        "cancel": "Cancel",
        "lift": "Lift the suspension of Sam Spammer",
        "done": "Done. The action is recorded in the moderation log.",
        "articles_queue": "/en/articles/moderation/",
        "article": "Open letter",
        "comment": "Comment on the article “Open letter”",
        "comment_question": "Remove this comment?",
    },
    "fr": {
        "queue": "/fr/communautes/coaching/moderation/",
        "title": "Une rétroaction qui porte",
        "reply": f"Réponse {{n}} dans «{NBSP}Une rétroaction qui porte{NBSP}»",
        "action": f"Action pour{NBSP}: {{item}}",
        "reason": f"Motif pour{NBSP}: {{item}}",
        "days": f"Durée de la suspension en jours pour{NBSP}: {{item}}",
        "apply": f"Appliquer à{NBSP}: {{item}}",
        "remove": "Retirer",
        "suspend": "Suspendre la personne autrice",
        "hide": "Masquer",
        "remove_question": f"Retirer cette réponse{NNBSP}?",
        "suspend_question": f"Suspendre Sam Spammer{NNBSP}?",
        "confirm_removal": "Confirmer le retrait",
        "confirm_suspension": "Confirmer la suspension",
        "cancel": "Annuler",
        "lift": "Lever la suspension de Sam Spammer",
        "done": "C'est fait.",
        "articles_queue": "/fr/articles/moderation/",
        "article": "Lettre ouverte",
        "comment": f"Commentaire sur l'article «{NBSP}Lettre ouverte{NBSP}»",
        "comment_question": f"Retirer ce commentaire{NNBSP}?",
    },
}


def named(label, *, whole=True):
    """An accessible name: label, whole or at its start (a required field adds "(required)" after it).

    Browsers compute names with every run of white space, no-break ones too, made one plain space."""
    pattern = r"\s+".join(re.escape(word) for word in re.split(r"\s+", label))
    return re.compile("^" + pattern + ("$" if whole else ""))


def starts(label):
    return named(label, whole=False)


def choose(page, t, item, action, reason, days=None):
    page.get_by_role("combobox", name=starts(t["action"].format(item=item))).select_option(label=t[action])
    page.get_by_role("textbox", name=starts(t["reason"].format(item=item))).fill(reason)
    if days:
        page.get_by_role("spinbutton", name=starts(t["days"].format(item=item))).fill(days)
    page.get_by_role("button", name=named(t["apply"].format(item=item))).click()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_queue_names_each_item_and_remove_and_suspend_ask_first(visitor_factory, language):
    t = TEXT[language]
    community = CommunityFactory(slug="coaching", name_en="Coaching", name_fr="Coaching")
    moderator = member_of(community, role=Role.MODERATOR, full_name="Mo Derator", preferred_language=language)
    spammer = member_of(community, full_name="Sam Spammer")
    thread = ThreadFactory(community=community, title=t["title"], language=language)
    replies = [
        services.post_reply(thread=thread, author=spammer, body=f"Buy now, offer {n}", language=language)
        for n in (1, 2)
    ]
    reporter = member_of(community)
    for reply in replies:
        services.report_item(item=reply, reporter=reporter, reason="spam")
    first, second = (t["reply"].format(n=reply.position) for reply in replies)

    mod = visitor_factory(f"moderation-confirm-{language}", "fr-CA" if language == "fr" else "en-CA")
    mod.sign_in(moderator)
    mod.goto(t["queue"])
    # One Apply button per item, each named after its item.
    for item in (first, second):
        expect(mod.page.get_by_role("button", name=named(t["apply"].format(item=item)))).to_have_count(1)

    # Remove the second reply: asked first; Cancel changes nothing.
    choose(mod.page, t, second, "remove", "Advertising")
    mod.check("remove asks first")
    expect(mod.page.get_by_role("heading", level=1)).to_have_text(t["remove_question"])
    mod.page.get_by_role("link", name=t["cancel"], exact=True).click()
    mod.check("remove cancelled")
    assert Reply.objects.get(pk=replies[1].pk).status == PostStatus.VISIBLE
    assert ModerationLog.objects.count() == 0

    # Asked again and confirmed: removed, logged once.
    choose(mod.page, t, second, "remove", "Advertising")
    mod.page.get_by_role("button", name=t["confirm_removal"]).click()
    mod.check("removed")
    expect(mod.page.get_by_role("status").first).to_contain_text(t["done"])
    assert Reply.objects.get(pk=replies[1].pk).status == PostStatus.REMOVED
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["remove"]

    # Suspend the author from the first reply: asked first, then done once.
    choose(mod.page, t, first, "suspend", "Repeated advertising", days="3")
    mod.check("suspend asks first")
    expect(mod.page.get_by_role("heading", level=1)).to_have_text(t["suspend_question"])
    mod.page.get_by_role("button", name=t["confirm_suspension"]).click()
    mod.check("suspended")
    expect(mod.page.get_by_role("button", name=named(t["lift"]))).to_have_count(1)
    suspension = Suspension.objects.get()
    assert (suspension.member, suspension.reason) == (spammer, "Repeated advertising")
    assert list(ModerationLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "remove",
        "suspend",
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_admins_queue_of_article_comments_names_the_item_and_asks_before_removing(visitor_factory, language):
    t = TEXT[language]
    comment = ArticleCommentFactory(
        article=ArticleFactory(title=t["article"], language=language), language=language
    )
    services.report_item(item=comment, reporter=UserFactory(), reason="spam")
    admin = UserFactory(full_name="Ada Admin", is_staff=True, is_superuser=True, preferred_language=language)

    v = visitor_factory(f"article-moderation-confirm-{language}", "fr-CA" if language == "fr" else "en-CA")
    v.sign_in(admin)
    v.goto(t["articles_queue"])
    choose(v.page, t, t["comment"], "remove", "Spam")
    v.check("remove comment asks first")
    expect(v.page.get_by_role("heading", level=1)).to_have_text(t["comment_question"])
    assert ArticleComment.objects.get(pk=comment.pk).status == PostStatus.VISIBLE
    v.page.get_by_role("button", name=t["confirm_removal"]).click()
    v.check("comment removed")
    assert ArticleComment.objects.get(pk=comment.pk).status == PostStatus.REMOVED
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["remove"]
