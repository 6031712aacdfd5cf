"""Permission predicates for communities; templates ask {% has_perm %} rather than repeat them.

Every predicate takes the user and a community, a thread or a reply (its community is found).
"""

import rules
from django.utils import timezone

from members.rules import is_admin, is_member

from .queries import membership_for, suspension_for


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
def is_open_community(user, obj):
    return obj is not None and community_of(obj).is_open


@rules.predicate
def is_locked_thread(user, thread):
    thread = getattr(thread, "thread", thread)
    return bool(getattr(thread, "locked", False))


@rules.predicate
def is_hidden_thread(user, thread):
    thread = getattr(thread, "thread", thread)
    return getattr(thread, "status", "visible") != "visible"


@rules.predicate
def is_author(user, post):
    return bool(post is not None and user.is_authenticated and post.author_id == user.pk)


@rules.predicate
def is_within_edit_window(user, post):
    from .services import edit_deadline

    return post is not None and timezone.now() <= edit_deadline(post)


can_moderate = is_community_moderator | is_admin
can_view_discussions = is_public_community | is_community_member | can_moderate
can_post = is_member & is_community_member & ~is_suspended

rules.add_perm("communities.view_discussions", can_view_discussions)
rules.add_perm("communities.join", is_member & ~is_community_member & ~has_pending_request)
rules.add_perm("communities.leave", is_community_member)
rules.add_perm("communities.start_thread", can_post)
rules.add_perm("communities.reply", can_post & ~is_locked_thread & ~is_hidden_thread)
rules.add_perm("communities.edit_post", is_author & is_within_edit_window & can_post & ~is_locked_thread)
rules.add_perm("communities.report", is_member & can_view_discussions & ~is_suspended & ~is_author)
rules.add_perm("communities.moderate", can_moderate)
rules.add_perm("communities.view_log", can_moderate)
