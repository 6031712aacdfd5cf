"""Who may see, add and curate library resources. Templates ask {% has_perm %}; views use the mixin.

Curators are the organizers of the event a resource belongs to, the moderators of its
community, and admins. `readable_resources(user)` is the SQL twin of "learning.see_resource":
lists and the search filter with it, and a test checks that both answer alike.
"""

import rules

from communities.models import Membership, MembershipStatus, Role
from communities.rules import is_community_moderator
from events.rules import is_any_event_organizer, is_event_organizer
from members.rules import is_admin, is_member

from .models import Audience, Resource


@rules.predicate
def is_public_resource(user, resource):
    return resource is not None and resource.is_public


@rules.predicate
def is_resource_event_organizer(user, resource):
    return bool(resource is not None and resource.event_id and is_event_organizer(user, resource.event))


@rules.predicate
def is_resource_community_moderator(user, resource):
    return bool(
        resource is not None and resource.community_id and is_community_moderator(user, resource.community)
    )


@rules.predicate
def is_any_community_moderator(user):
    if not (user and user.is_authenticated):
        return False
    return Membership.objects.filter(
        member=user, role=Role.MODERATOR, status=MembershipStatus.ACTIVE
    ).exists()


@rules.predicate
def is_comment_author(user, comment):
    return bool(comment is not None and user.is_authenticated and comment.author_id == user.pk)


@rules.predicate
def can_see_commented_resource(user, comment):
    return comment is not None and can_view_resource(user, comment.resource)


can_view_resource = is_public_resource | is_member
can_edit_resource = is_member & (is_admin | is_resource_event_organizer | is_resource_community_moderator)
can_add_resource = is_member & (is_admin | is_any_event_organizer | is_any_community_moderator)

rules.add_perm("learning.see_resource", can_view_resource)

rules.add_perm("learning.edit_resource", can_edit_resource)
rules.add_perm("learning.add_resource", can_add_resource)
rules.add_perm("learning.vote", is_member & can_view_resource)
rules.add_perm("learning.comment", is_member & can_view_resource)
# Comments: members report others' comments; the resource's community moderators and admins hide them.
rules.add_perm("learning.report_comment", is_member & can_see_commented_resource & ~is_comment_author)
rules.add_perm("learning.moderate_comments", is_member & (is_admin | is_resource_community_moderator))


def readable_resources(user):
    """The resources `user` may see (the SQL twin of can_view_resource): public ones, all for members."""
    if is_member(user):
        return Resource.objects.all()
    return Resource.objects.filter(audience=Audience.PUBLIC)
