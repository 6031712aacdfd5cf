"""A discussion page is kept per process for visitors (nmc_portal.pagecache): never stale, never served to
a signed-in member, and its queries do not grow with the replies."""

import pytest
from django.test import Client

from communities import services
from communities.models import Action, Community, ReportReason, Thread, Visibility
from tests.communities.factories import CommunityFactory, add_replies, member_of
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def anonymous_html(url):
    return Client().get(url).content.decode()


def test_visitor_thread_page_queries_constant_in_replies(client, thread):
    add_replies(thread, 2)
    url = thread.get_absolute_url()
    client.get(url)
    small, _ = count_queries(client.get, url)
    add_replies(thread, 60)
    client.get(url + "?page=2")
    client.get(url)
    large, response = count_queries(client.get, url)
    assert response.status_code == 200
    assert small == large == 1  # the version of its page, by its address: nothing else is loaded


def test_visitor_sees_a_new_reply_an_edit_and_a_moderation_at_once(community, thread, moderator):
    url = thread.get_absolute_url()
    writer = member_of(community, full_name="Rita Replier")
    reply = services.post_reply(thread=thread, author=writer, body="First answer", language="en")
    assert "First answer" in anonymous_html(url)
    services.post_reply(thread=thread, author=writer, body="Second answer", language="en")
    assert "Second answer" in anonymous_html(url)
    services.edit_post(post=reply, editor=writer, body="First answer, edited")
    assert "First answer, edited" in anonymous_html(url)
    services.moderate_item(item=reply, moderator=moderator, action=Action.HIDE, reason="Off topic")
    html = anonymous_html(url)
    assert "First answer, edited" not in html and "This post was hidden by a moderator." in html
    writer.full_name = "Rita Renamed"
    writer.save()
    assert "Rita Renamed" in anonymous_html(url)


def test_signed_in_member_never_gets_the_visitors_thread_page(community, thread):
    url = thread.get_absolute_url()
    assert "csrfmiddlewaretoken" not in anonymous_html(url)
    client = Client()
    client.force_login(member_of(community, full_name="Mona Member"))
    html = client.get(url).content.decode()
    assert "Sign out" in html and "Post my reply" in html and "csrfmiddlewaretoken" in html


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_members_share_the_posts_html_only_with_the_same_rights(community, thread, moderator):
    """A reply's author sees Edit on it, a reporter sees that they reported it, a moderator sees Moderate:
    whoever reads the page first, nobody else's rights show on anyone's page."""
    url = thread.get_absolute_url()
    writer = member_of(community, full_name="Wanda Writer")
    reader = member_of(community, full_name="Rob Reader")
    reporter = member_of(community, full_name="Rae Reporter")
    reply = services.post_reply(thread=thread, author=writer, body="My answer", language="en")
    services.report_item(item=reply, reporter=reporter, reason=ReportReason.SPAM)
    edit_link = f'href="/en/communities/{community.slug}/replies/{reply.pk}/edit/"'
    pages = {name: signed_in(user).get(url).content.decode() for name, user in [
        ("reader", reader), ("writer", writer), ("reporter", reporter), ("moderator", moderator),
    ]}  # fmt: skip
    assert pages["writer"].count(edit_link) == 1
    assert edit_link not in pages["reader"] and edit_link not in pages["reporter"]
    assert "You reported this post." in pages["reporter"]
    assert "You reported this post." not in pages["reader"] + pages["writer"] + pages["moderator"]
    assert ">Moderate</a>" in pages["moderator"] and ">Moderate</a>" not in pages["reader"]
    assert all("Sign out" in html for html in pages.values())  # signed-in pages, never a visitor's
    assert pages["reader"].count("Post my reply") == 1 and "csrfmiddlewaretoken" in pages["reader"]


def test_visitor_never_gets_a_kept_page_of_a_thread_moved_or_made_private(community, thread):
    """The kept page is found by its address; the community's row and the thread's are in its version."""
    url = thread.get_absolute_url()
    assert Client().get(url).status_code == 200
    assert Client().get(url).status_code == 200  # from the page cache
    Thread.objects.filter(pk=thread.pk).update(community=CommunityFactory())
    assert Client().get(url).status_code == 404
    Thread.objects.filter(pk=thread.pk).update(community=community)
    assert Client().get(url).status_code == 200
    Community.objects.filter(pk=community.pk).update(visibility=Visibility.MEMBERS)
    assert Client().get(url).status_code == 404
    assert Client().get(f"/en/communities/{community.slug}/threads/99999999999999999999/").status_code == 404
    assert Client().get(url + "?page=999999999").status_code == 404
