"""Each reading rule of communities and its SQL twin answer alike for every (role, object) pair."""

import pytest
import rules

from communities.models import PostStatus
from communities.queries import visible_threads
from communities.rules import (
    can_read_published_article,
    can_read_thread,
    readable_articles,
    readable_communities,
    readable_threads,
)
from tests.communities.factories import ThreadFactory
from tests.factories import UserFactory
from tests.twins import ROLES, answers, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("role", ROLES)
def test_readable_communities_agrees_with_view_discussions_for(world, role):
    user = world.users[role]
    listed, allowed = answers(
        world.communities,
        listed=readable_communities(user),
        allowed=lambda community: rules.has_perm("communities.view_discussions", user, community),
    )
    assert listed == allowed


@pytest.mark.parametrize("role", ROLES)
def test_readable_threads_agrees_with_can_read_thread_for(world, role):
    user = world.users[role]
    listed, allowed = answers(
        world.threads,
        listed=readable_threads(user),
        allowed=lambda thread: can_read_thread.test(user, thread),
    )
    assert listed == allowed


@pytest.mark.parametrize("role", ROLES)
def test_readable_articles_agrees_with_can_read_published_article_for(world, role):
    user = world.users[role]
    listed, allowed = answers(
        world.articles,
        listed=readable_articles(user),
        allowed=lambda article: can_read_published_article.test(user, article),
    )
    assert listed == allowed


def test_articles_read_by_each_role_are_exactly_these(world):
    """The answers themselves: drafts for their author only (and never in lists), members-only
    community articles for its readers, the others for everyone."""
    everyone = {
        "published article on its own",
        "published article on its own by the member",
        "published article public",
        "published article public by the member",
    }
    members_only = {"published article members-only", "published article members-only by the member"}
    for role, user in world.users.items():
        listed = {
            label
            for label, article in world.articles.items()
            if readable_articles(user).filter(pk=article.pk)
        }
        readers = {
            "community member",
            "community moderator",
            "suspended member",
            "admin",
            "deactivated member",
        }
        assert listed == (everyone | members_only if role in readers else everyone), role
    member = world.users["community member"]
    own_drafts = (
        {
            label
            for label, article in world.articles.items()
            if rules.has_perm("communities.read_article", member, article)
        }
        - everyone
        - members_only
    )
    assert own_drafts == {
        "draft article on its own by the member",
        "draft article public by the member",
        "draft article members-only by the member",
    }
    admin = world.users["admin"]
    assert not rules.has_perm("communities.read_article", admin, world.articles["draft article public"])


def test_members_only_community_is_read_by_its_members_moderators_and_admins_only(world):
    """The answers themselves, so that the twins cannot agree on a wrong rule."""
    closed = world.communities["members-only"]
    readers = {role for role, user in world.users.items() if readable_communities(user).filter(pk=closed.pk)}
    assert readers == {
        "community member",
        "community moderator",
        "suspended member",
        "admin",
        "deactivated member",
    }
    public = world.communities["public"]
    assert all(readable_communities(user).filter(pk=public.pk).exists() for user in world.users.values())


def test_only_visible_threads_are_listed_even_to_moderators(world):
    listed = set(readable_threads(world.users["community moderator"]))
    assert listed == {
        world.threads["visible thread in public"],
        world.threads["visible thread in members-only"],
    }
    assert set(readable_threads(world.users["visitor"])) == {world.threads["visible thread in public"]}


@pytest.mark.parametrize("role", ROLES)
def test_visible_threads_agrees_with_see_thread_for(world, role):
    """A community's own list: its SQL (queries.visible_threads) and the predicate its pages ask."""
    user = world.users[role]
    listed = {}
    for community in world.communities.values():
        if rules.has_perm("communities.view_discussions", user, community):
            can_moderate = rules.has_perm("communities.moderate", user, community)
            listed.update(dict.fromkeys(visible_threads(community, user, can_moderate=can_moderate), True))
    assert {label: thread in listed for label, thread in world.threads.items()} == {
        label: rules.has_perm("communities.see_thread", user, thread)
        for label, thread in world.threads.items()
    }


def test_hidden_threads_show_to_their_author_until_removed_and_to_moderators(world):
    moderator, author = world.users["community moderator"], UserFactory()
    hidden = ThreadFactory(community=world.communities["public"], author=author, status=PostStatus.HIDDEN)
    removed = ThreadFactory(community=world.communities["public"], author=author, status=PostStatus.REMOVED)
    assert [rules.has_perm("communities.see_thread", author, thread) for thread in (hidden, removed)] == [
        True,
        False,
    ]
    assert rules.has_perm("communities.see_thread", world.users["member"], hidden) is False
    assert rules.has_perm(
        "communities.see_thread", moderator, world.threads["removed thread in members-only"]
    )


def test_a_hidden_reply_shows_to_its_author_until_removed_and_to_moderators(world):
    from communities.models import Reply

    thread = world.threads["visible thread in members-only"]
    author = world.users["community member"]
    hidden = Reply.objects.create(
        thread=thread, author=author, body="x", position=1, status=PostStatus.HIDDEN
    )
    removed = Reply.objects.create(
        thread=thread, author=author, body="y", position=2, status=PostStatus.REMOVED
    )
    seen = {
        role: [
            rules.has_perm("communities.see_post", world.users[role], reply) for reply in (hidden, removed)
        ]
        for role in ("community member", "suspended member", "community moderator", "admin")
    }
    assert seen == {
        "community member": [True, False],
        "suspended member": [False, False],
        "community moderator": [True, True],
        "admin": [True, True],
    }


@pytest.mark.parametrize("role", ROLES)
def test_post_rights_agree_with_the_four_rules_of_a_post_for(world, role):
    """post_rights, computed once per page, is the twin of asking rules.has_perm four times a post: for
    every status, the reader's own posts and others', a locked thread, and a post past its edit window."""
    from datetime import timedelta

    from django.utils import timezone

    from communities.models import Reply
    from communities.rules import post_rights

    user = world.users[role]
    for community in world.communities.values():
        authors = [UserFactory()] + ([user] if user.is_authenticated else [])
        posts = []
        for author in authors:
            for status in PostStatus.values:
                for locked in (False, True):
                    thread = ThreadFactory(community=community, author=author, status=status, locked=locked)
                    reply = Reply.objects.create(
                        thread=thread, author=author, body="A reply", body_html="<p>A reply</p>", position=1,
                        status=status,
                    )  # fmt: skip
                    posts += [thread, reply]
            old = ThreadFactory(community=community, author=author)
            type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
            old.refresh_from_db()
            posts.append(old)
        expected = [
            tuple(
                rules.has_perm(f"communities.{name}", user, post)
                for name in ("see_post", "edit_post", "report", "translate_post")
            )
            for post in posts
        ]
        assert post_rights(user, community, posts) == expected
        assert any(any(row) for row in expected) or role in ("visitor", "deactivated member")
