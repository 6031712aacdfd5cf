"""Permission predicates for communities; templates ask {% has_perm %} rather than repeat them.

Every predicate takes the user and a community, a thread or a reply (its community is found).
Where a list must be filtered in SQL, the query twin of a predicate lives next to it
(`readable_communities`, `readable_threads`): other apps (the search, the directory) embed
those querysets instead of restating the rule, and tests check that each pair answers alike.
"""

from datetime import timedelta

import rules
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from members.rules import is_admin, is_member

from .models import Community, Membership, MembershipStatus, PostStatus, Thread, Visibility
from .queries import membership_for, suspension_for


def edit_window():
    return timedelta(minutes=getattr(settings, "COMMUNITY_EDIT_WINDOW_MINUTES", 30))


def edit_deadline(post):
    """Until when the author may edit the post (the service checks it again when saving)."""
    return post.created_at + edit_window()


def community_of(obj):
    return getattr(obj, "community", None) if not hasattr(obj, "joining") else obj


@rules.predicate
def is_community_member(user, obj):
    membership = membership_for(user, community_of(obj)) if obj is not None else None
    return bool(membership and membership.is_active)


@rules.predicate
def has_pending_request(user, obj):
    membership = membership_for(user, community_of(obj)) if obj is not None else None
    return bool(membership and not membership.is_active)


@rules.predicate
def is_community_moderator(user, obj):
    membership = membership_for(user, community_of(obj)) if obj is not None else None
    return bool(membership and membership.is_moderator)


@rules.predicate
def is_suspended(user, obj):
    return obj is not None and suspension_for(user, community_of(obj)) is not None


@rules.predicate
def is_public_community(user, obj):
    return obj is not None and community_of(obj).is_public


@rules.predicate
def is_locked_thread(user, thread):
    thread = getattr(thread, "thread", thread)
    return bool(getattr(thread, "locked", False))


@rules.predicate
def is_hidden_thread(user, thread):
    thread = getattr(thread, "thread", thread)
    return getattr(thread, "status", PostStatus.VISIBLE) != PostStatus.VISIBLE


@rules.predicate
def is_visible_post(user, post):
    """The post's own status (a reply's thread may be hidden while the reply is not)."""
    return post is not None and post.status == PostStatus.VISIBLE


@rules.predicate
def is_removed_post(user, post):
    return post is not None and post.status == PostStatus.REMOVED


@rules.predicate
def is_author(user, post):
    return bool(post is not None and user.is_authenticated and post.author_id == user.pk)


@rules.predicate
def is_within_edit_window(user, post):
    return post is not None and timezone.now() <= edit_deadline(post)


can_moderate = is_community_moderator | is_admin
can_view_discussions = is_public_community | is_community_member | can_moderate
# What lists outside a community's page (search, profiles) show of a thread: only visible ones.
can_read_thread = can_view_discussions & ~is_hidden_thread
# What a community's pages show of a post (a thread's title and message, a reply): visible posts;
# hidden ones also to their author (until removed) and to moderators.
can_see_post = is_visible_post | (is_author & ~is_removed_post) | can_moderate
# The community's list of threads; its SQL twin: queries.visible_threads.
can_see_thread = can_view_discussions & can_see_post
can_post = is_member & is_community_member & ~is_suspended

rules.add_perm("communities.view_discussions", can_view_discussions)
rules.add_perm("communities.see_thread", can_see_thread)
rules.add_perm("communities.see_post", can_see_post)
rules.add_perm("communities.join", is_member & ~is_community_member & ~has_pending_request)
rules.add_perm("communities.leave", is_community_member)
rules.add_perm("communities.start_thread", can_post)
rules.add_perm("communities.reply", can_post & ~is_locked_thread & ~is_hidden_thread)
rules.add_perm("communities.edit_post", is_author & is_within_edit_window & can_post & ~is_locked_thread)
rules.add_perm("communities.report", is_member & can_view_discussions & ~is_suspended & ~is_author)
rules.add_perm("communities.moderate", can_moderate)
rules.add_perm("communities.view_log", can_moderate)


def readable_communities(user):
    """Communities whose discussions `user` may read: the SQL twin of can_view_discussions.

    Public communities; for members also those they are an active member (or moderator) of; all of
    them for admins.
    """
    if is_admin(user):
        return Community.objects.all()
    if not (user and user.is_authenticated):
        return Community.objects.filter(visibility=Visibility.PUBLIC)
    membership = Membership.objects.filter(
        community=OuterRef("pk"), member=user, status=MembershipStatus.ACTIVE
    )
    return Community.objects.filter(Q(visibility=Visibility.PUBLIC) | Exists(membership))


def readable_threads(user):
    """Visible threads of communities `user` may read: the SQL twin of can_read_thread."""
    return Thread.objects.filter(
        status=PostStatus.VISIBLE, community__in=readable_communities(user).values("pk")
    )
