"""The member directory: who is listed, what a signed-in member may see of them.

Private by default: a member is listed only while `directory_visible` is on and the account is
active. Every read here starts from `listed_members()`, so an opted-out member appears in no
search, no filter and no profile. Communities and posts are those the viewer may read: public
communities, or members-only ones the viewer belongs to (all for admins).
"""

import rules
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from communities.models import Community, Membership, MembershipStatus, PostStatus, Reply, Thread, Visibility
from nmc_portal.bilingual import current_language

from .models import User
from .rules import is_member

MEMBERS_PER_PAGE = 25
POSTS_ON_PROFILE = 10


@rules.predicate
def is_listed(user, member):
    """For other pages (e.g. linking a post's author to their profile): the same test as listed_members()."""
    return bool(member and member.is_active and member.directory_visible and member.full_name)


can_browse_directory = is_member


def listed_members():
    """Members who chose to be listed, in the directory's order (served by members_directory_name)."""
    return (
        User.objects.filter(directory_visible=True, is_active=True)
        .exclude(full_name="")
        .order_by(Lower("full_name"), "id")
    )


def readable_communities(viewer):
    """Communities whose membership and discussions `viewer` may see."""
    if viewer.is_staff:
        return Community.objects.all()
    return Community.objects.filter(
        Q(visibility=Visibility.PUBLIC)
        | Exists(
            Membership.objects.filter(community=OuterRef("pk"), member=viewer, status=MembershipStatus.ACTIVE)
        )
    )


def search_members(*, name="", department="", region="", position="", community=None, interest=""):
    """Listed members matching every given filter; each word of `name` must appear in the name.

    `community` must be one the viewer may read (the filter form only offers those).
    """
    members = listed_members()
    for word in name.split()[:5]:
        members = members.filter(full_name__icontains=word)
    if department:
        members = members.filter(department=department)
    if region:
        members = members.filter(region=region)
    if position:
        members = members.filter(position=position)
    if community is not None:
        members = members.filter(
            Exists(
                Membership.objects.filter(
                    member=OuterRef("pk"), community=community, status=MembershipStatus.ACTIVE
                )
            )
        )
    if interest:
        members = members.filter(interests__slug=interest)
    return members


def directory_page(members, *, page, per_page=MEMBERS_PER_PAGE):
    """One page of members with their interests (one query for the page, one for the tags)."""
    start = (page - 1) * per_page
    return list(members.prefetch_related("interests")[start : start + per_page])


def interests_in_use():
    """Tags that at least one listed member chose, by name: the choices of the interest filter."""
    tagged = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type=ContentType.objects.get_for_model(User),
        object_id__in=listed_members().order_by().values("pk"),
    )
    return Tag.objects.filter(Exists(tagged)).order_by(Lower("name"))


def member_communities(member, viewer):
    """The communities `member` is an active member of that `viewer` may see, by name."""
    return list(
        readable_communities(viewer)
        .filter(memberships__member=member, memberships__status=MembershipStatus.ACTIVE)
        .order_by(Lower(f"name_{current_language()}"))
    )


def member_posts(member, viewer, *, limit=POSTS_ON_PROFILE):
    """The member's latest visible threads and replies in communities `viewer` may read.

    A reply shows only while its thread is visible too. Two queries, newest first, merged.
    """
    communities = readable_communities(viewer).values("pk")
    threads = list(
        Thread.objects.filter(author=member, status=PostStatus.VISIBLE, community__in=communities)
        .select_related("community")
        .order_by("-created_at", "-id")[:limit]
    )
    replies = list(
        Reply.objects.filter(
            author=member,
            status=PostStatus.VISIBLE,
            thread__status=PostStatus.VISIBLE,
            thread__community__in=communities,
        )
        .select_related("thread__community")
        .order_by("-created_at", "-id")[:limit]
    )
    posts = sorted(threads + replies, key=lambda post: post.created_at, reverse=True)
    return posts[:limit]


def member_upcoming_events(member, *, today=None):
    """Published events the member is registered for that have not ended, if they chose to show them."""
    if not member.show_events_on_profile:
        return []
    from events.models import Event, Registration

    today = today or timezone.localdate()
    return list(
        Event.objects.filter(
            status=Event.Status.PUBLISHED,
            end_date__gte=today,
            registrations__user=member,
            registrations__status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        )
        .distinct()
        .order_by("start_date", "title_en")
    )
