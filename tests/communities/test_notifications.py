"""Emails about my discussions: replies to my threads, join decisions, hidden posts (recorded rows)."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from communities import services
from communities.models import Role, Visibility
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail
from tests.factories import UserFactory

from .factories import CommunityFactory, ThreadFactory, member_of
from .outbox import send_queued

pytestmark = pytest.mark.django_db


def reply_to(thread, author, body="Thanks, this helps."):
    return services.post_reply(thread=thread, author=author, body=body, language="en")


def test_post_reply_queues_one_email_to_the_thread_author_keyed_by_reply(thread, community, author):
    replier = member_of(community, full_name="Rita Replier")
    reply = reply_to(thread, replier, body="We **timebox** every agenda item.")
    row = OutboundEmail.objects.get()
    assert (row.kind, row.recipient_id, row.object_key, row.status) == (
        "community_reply",
        author.pk,
        f"reply:{reply.pk}",
        "pending",
    )
    [email] = send_queued()
    assert email.to == [author.email]
    assert email.subject == "New reply to your discussion “Running good meetings”"
    assert "Rita Replier replied to your discussion “Running good meetings” in Engagement:" in email.body
    assert "We **timebox** every agenda item." in email.body
    reply_url = f"{settings.SITE_URL}/en/communities/engagement/threads/{thread.pk}/?page=1#reply-{reply.pk}"
    assert f"Read the reply and answer: {reply_url}" in email.body
    assert f"{settings.SITE_URL}{reverse('members:profile_edit')}" in email.body
    assert f'<a href="{reply_url}">Read the reply and answer</a>' in email.alternatives[0][0]


def test_post_reply_email_is_in_the_authors_language(community):
    author = member_of(community, preferred_language="fr", full_name="Claire Roy")
    thread = ThreadFactory(community=community, author=author, title="Réunions hybrides")
    reply_to(thread, member_of(community, full_name="Rita Replier"))
    [email] = send_queued()
    assert email.subject == "Nouvelle réponse à votre discussion «\u00a0Réunions hybrides\u00a0»"
    assert "Bonjour Claire," in email.body
    assert f"/fr/communautes/engagement/discussions/{thread.pk}/" in email.body
    assert email.alternatives[0][0].count('lang="fr"') >= 1


def test_post_reply_to_my_own_thread_sends_nothing(thread, author):
    reply_to(thread, author)
    assert OutboundEmail.objects.count() == 0


def test_post_reply_when_author_opted_out_sends_nothing(thread, community, author):
    author.notify_replies = False
    author.save(update_fields=["notify_replies"])
    reply_to(thread, member_of(community))
    assert OutboundEmail.objects.count() == 0


def test_post_reply_on_hidden_thread_is_refused_and_sends_nothing(thread, community, moderator):
    services.moderate_item(item=thread, moderator=moderator, action="hide", reason="Spam")
    OutboundEmail.objects.all().delete()
    with pytest.raises(DomainError):
        reply_to(thread, member_of(community))
    assert OutboundEmail.objects.count() == 0


def test_post_reply_when_author_left_a_members_only_community_sends_nothing():
    community = CommunityFactory(visibility=Visibility.MEMBERS)
    author = UserFactory()
    thread = ThreadFactory(community=community, author=author)
    reply_to(thread, member_of(community))
    assert OutboundEmail.objects.count() == 0


def test_post_reply_that_fails_leaves_no_email(thread, community, author):
    thread.locked = True
    thread.save(update_fields=["locked"])
    with pytest.raises(DomainError):
        reply_to(thread, member_of(community))
    assert OutboundEmail.objects.count() == 0


def test_each_reply_is_its_own_email(thread, community, author):
    replier = member_of(community)
    first, second = reply_to(thread, replier), reply_to(thread, replier)
    keys = sorted(OutboundEmail.objects.values_list("object_key", flat=True))
    assert keys == sorted([f"reply:{first.pk}", f"reply:{second.pk}"])


def test_join_decision_is_a_recorded_email_keyed_by_the_request(private_community):
    moderator = member_of(private_community, role=Role.MODERATOR)
    request = services.join_community(community=private_community, member=UserFactory())
    services.decide_join_request(membership=request, moderator=moderator, accept=True)
    row = OutboundEmail.objects.get()
    assert (row.kind, row.object_key) == ("community_join_accepted", f"membership:{request.pk}")


def test_join_declined_then_asked_again_gets_a_second_answer(private_community):
    moderator = member_of(private_community, role=Role.MODERATOR)
    user = UserFactory()
    first = services.join_community(community=private_community, member=user)
    services.decide_join_request(membership=first, moderator=moderator, accept=False)
    second = services.join_community(community=private_community, member=user)
    services.decide_join_request(membership=second, moderator=moderator, accept=False)
    assert sorted(OutboundEmail.objects.values_list("object_key", flat=True)) == sorted(
        [f"membership:{first.pk}", f"membership:{second.pk}"]
    )
    assert len(send_queued()) == 2


def test_content_hidden_twice_after_a_restore_is_told_twice(thread, moderator):
    services.moderate_item(item=thread, moderator=moderator, action="hide", reason="Spam")
    services.moderate_item(item=thread, moderator=moderator, action="restore", reason="Fine after all")
    services.moderate_item(item=thread, moderator=moderator, action="remove", reason="Spam again")
    rows = list(OutboundEmail.objects.order_by("pk").values_list("kind", "recipient_id"))
    assert rows == [("community_content_hidden", thread.author_id)] * 2
    assert [m.to for m in send_queued()] == [[thread.author.email]] * 2
    assert "Reason: Spam again" in mail.outbox[1].body
