"""N+1 guard: the same number of queries whatever the number of communities, threads, replies, reports."""

import pytest

from communities import services
from communities.models import Role
from tests.helpers import assert_constant_queries, count_queries

from .factories import CommunityFactory, ThreadFactory, add_replies, member_of

pytestmark = pytest.mark.django_db


def test_community_list_queries_constant_in_communities(client, community):
    def grow():
        for _ in range(8):
            member_of(CommunityFactory())

    client.force_login(member_of(community))
    assert_constant_queries(client, "/en/communities/", grow)


def test_community_page_queries_constant_in_threads(client, community, author):
    ThreadFactory(community=community, author=author)
    client.force_login(author)

    def grow():
        for _ in range(10):
            ThreadFactory(community=community, author=member_of(community))

    assert_constant_queries(client, "/en/communities/engagement/", grow)


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_thread_page_queries_constant_in_replies(client, community, thread, role):
    add_replies(thread, 2)
    viewer = member_of(community, role=Role.MODERATOR if role == "moderator" else Role.MEMBER)
    client.force_login(viewer)

    def grow():
        for _ in range(8):
            services.post_reply(
                thread=thread, author=member_of(community), body="More **text**", language="fr"
            )

    assert_constant_queries(client, thread.get_absolute_url(), grow)


def test_thread_last_page_at_ten_thousand_replies_costs_as_much_as_first(client, community, thread, author):
    add_replies(thread, 10_000)
    client.force_login(author)
    url = thread.get_absolute_url()
    client.get(url)
    first, response = count_queries(client.get, url)
    assert response.status_code == 200
    last, response = count_queries(client.get, url + "?page=200")
    assert response.status_code == 200
    assert "<p>Reply 10000</p>" in response.content.decode()
    assert first == last


def test_moderation_queue_queries_constant_in_reports(client, community, moderator):
    def report_new_thread():
        thread = ThreadFactory(community=community, author=member_of(community))
        reply = services.post_reply(thread=thread, author=thread.author, body="r", language="en")
        services.report_item(item=thread, reporter=member_of(community), reason="spam")
        services.report_item(item=reply, reporter=member_of(community), reason="other", text="rude")
        services.join_community(community=CommunityFactory(joining="approval"), member=member_of(community))

    report_new_thread()
    client.force_login(moderator)

    def grow():
        for _ in range(4):
            report_new_thread()

    assert_constant_queries(client, "/en/communities/engagement/moderation/", grow)


def test_log_page_queries_constant_in_entries(client, community, thread, moderator, admin_user):
    services.moderate_item(item=thread, moderator=moderator, action="pin", reason="r")
    client.force_login(admin_user)

    def grow():
        for _ in range(6):
            other = ThreadFactory(community=CommunityFactory())
            services.moderate_item(item=other, moderator=admin_user, action="lock", reason="r")

    assert_constant_queries(client, "/en/communities/moderation-log/", grow)
