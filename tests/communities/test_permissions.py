"""Every community URL × every kind of person, with the exact status code each gets."""

import pytest
from django.urls import reverse

from communities import services
from communities.models import Role
from tests.factories import UserFactory

from .factories import CommunityFactory, ThreadFactory, member_of

ROLES = ["visitor", "member", "non_member", "suspended", "other_moderator", "moderator", "admin"]

# A members-only, approval-based community. 404: must not know the page exists;
# 302: sent to sign in (visitors) or back to the community page; 403: told why not.
PRIVATE_MATRIX = {
    "list": (200, 200, 200, 200, 200, 200, 200),
    "detail": (200, 200, 200, 200, 200, 200, 200),
    "join": (302, 302, 200, 302, 200, 302, 200),
    "leave": (302, 200, 403, 200, 403, 200, 403),
    "thread_create": (404, 200, 404, 403, 404, 200, 403),
    "thread": (404, 200, 404, 200, 404, 200, 200),
    "reply_create": (404, 302, 404, 403, 404, 302, 403),
    "thread_edit": (404, 403, 404, 403, 404, 403, 403),
    "reply_edit": (404, 403, 404, 403, 404, 403, 403),
    "thread_report": (404, 200, 404, 403, 404, 200, 200),
    "reply_report": (404, 200, 404, 403, 404, 200, 200),
    "moderation": (404, 404, 404, 404, 404, 200, 200),
    "decide_request": (404, 404, 404, 404, 404, 200, 200),
    "moderate_thread": (404, 404, 404, 404, 404, 200, 200),
    "moderate_reply": (404, 404, 404, 404, 404, 200, 200),
    "lift_suspension": (404, 404, 404, 404, 404, 200, 200),
    "log": (404, 404, 404, 404, 404, 200, 200),
    "log_csv": (404, 404, 404, 404, 404, 200, 200),
    "all_logs": (302, 404, 404, 404, 200, 200, 200),
    "all_logs_csv": (302, 404, 404, 404, 200, 200, 200),
}

# The same URLs where discussions are public: reading opens up, everything else stays.
PUBLIC_MATRIX = {
    "thread": (200, 200, 200, 200, 200, 200, 200),
    "thread_create": (302, 200, 403, 403, 403, 200, 403),
    "thread_report": (302, 200, 200, 403, 200, 200, 200),
    "reply_create": (302, 302, 403, 403, 403, 302, 403),
    "moderation": (404, 404, 404, 404, 404, 200, 200),
}


@pytest.fixture
def world(db):
    """One community with a thread, a reply, a join request and a suspension; people in every role."""

    def build(community):
        author = member_of(community, full_name="Thread Author")
        thread = ThreadFactory(community=community, author=author)
        reply = services.post_reply(thread=thread, author=author, body="A reply", language="en")
        people = {
            "visitor": None,
            "member": member_of(community),
            "non_member": UserFactory(),
            "suspended": member_of(community),
            "moderator": member_of(community, role=Role.MODERATOR),
            "admin": UserFactory(is_staff=True, is_superuser=True),
        }
        elsewhere = CommunityFactory()
        people["other_moderator"] = member_of(elsewhere, role=Role.MODERATOR)
        suspension = services.suspend_member(
            community=community, member=people["suspended"], moderator=people["moderator"], days=3, reason="x"
        )
        request = services.join_community(community=community, member=UserFactory())
        slug = community.slug
        urls = {
            "list": reverse("communities:list"),
            "detail": reverse("communities:detail", args=[slug]),
            "join": reverse("communities:join", args=[slug]),
            "leave": reverse("communities:leave", args=[slug]),
            "thread_create": reverse("communities:thread_create", args=[slug]),
            "thread": reverse("communities:thread", args=[slug, thread.pk]),
            "reply_create": reverse("communities:reply_create", args=[slug, thread.pk]),
            "thread_edit": reverse("communities:thread_edit", args=[slug, thread.pk]),
            "reply_edit": reverse("communities:reply_edit", args=[slug, reply.pk]),
            "thread_report": reverse("communities:thread_report", args=[slug, thread.pk]),
            "reply_report": reverse("communities:reply_report", args=[slug, reply.pk]),
            "moderation": reverse("communities:moderation", args=[slug]),
            "decide_request": reverse("communities:decide_request", args=[slug, request.pk]),
            "moderate_thread": reverse("communities:moderate_thread", args=[slug, thread.pk]),
            "moderate_reply": reverse("communities:moderate_reply", args=[slug, reply.pk]),
            "lift_suspension": reverse("communities:lift_suspension", args=[slug, suspension.pk]),
            "log": reverse("communities:log", args=[slug]),
            "log_csv": reverse("communities:log_csv", args=[slug]),
            "all_logs": reverse("communities:all_logs"),
            "all_logs_csv": reverse("communities:all_logs_csv"),
        }
        return people, urls

    return build


def _cases(matrix):
    return [(name, role, codes[index]) for name, codes in matrix.items() for index, role in enumerate(ROLES)]


@pytest.mark.parametrize(("url_name", "role", "status"), _cases(PRIVATE_MATRIX))
def test_members_only_community_url_answers_exact_status(client, world, url_name, role, status):
    from communities.models import Joining, Visibility

    people, urls = world(CommunityFactory(joining=Joining.APPROVAL, visibility=Visibility.MEMBERS))
    if people[role] is not None:
        client.force_login(people[role])
    assert client.get(urls[url_name]).status_code == status


@pytest.mark.parametrize(("url_name", "role", "status"), _cases(PUBLIC_MATRIX))
def test_public_community_url_answers_exact_status(client, world, url_name, role, status):
    people, urls = world(CommunityFactory())
    if people[role] is not None:
        client.force_login(people[role])
    assert client.get(urls[url_name]).status_code == status


def test_visitor_on_public_action_is_sent_to_sign_in(client, world):
    _people, urls = world(CommunityFactory())
    response = client.get(urls["thread_create"])
    assert response["Location"] == "/en/accounts/login/?next=" + urls["thread_create"]


def test_non_moderator_post_to_moderation_action_changes_nothing(client, world):
    from communities.models import ModerationLog, Thread

    people, urls = world(CommunityFactory())
    client.force_login(people["member"])
    thread = Thread.objects.get(title__startswith="Discussion")
    response = client.post(
        urls["moderate_thread"], {f"thread-{thread.pk}-action": "hide", f"thread-{thread.pk}-reason": "mine"}
    )
    assert response.status_code == 404
    assert Thread.objects.get(pk=thread.pk).status == "visible"
    assert ModerationLog.objects.filter(action="hide").count() == 0
