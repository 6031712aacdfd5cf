"""The member directory: who is listed, what a signed-in member may see of them.

Private by default: a member is listed only while `directory_visible` is on and the account is
active. Every read here starts from `listed_members()`, so an opted-out member appears in no
search, no filter and no profile. The profile's communities, posts and events belong to the apps
above members: the profile view asks them (members/directory_views.py).
"""

import rules
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from taggit.models import Tag, TaggedItem

from nmc_portal.collation import Alphabetical

from .models import User
from .rules import is_member

MEMBERS_PER_PAGE = 25


@rules.predicate
def is_listed(user, member):
    """For other pages (e.g. linking a post's author to their profile): the same test as listed_members()."""
    return bool(member and member.is_active and member.directory_visible and member.full_name)


can_browse_directory = is_member


def listed_members():
    """Members who chose to be listed, in alphabetical order for the page's language."""
    return (
        User.objects.filter(directory_visible=True, is_active=True)
        .exclude(full_name="")
        .order_by(Alphabetical("full_name"), "full_name", "id")
    )


def search_members(*, name="", department="", region="", position="", among=None, interest=""):
    """Listed members matching every given filter; each word of `name` must appear in the name.

    `among`: a queryset of member ids to keep (for example a community's active members, which the
    view asks of the communities app).
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
    if among is not None:
        members = members.filter(pk__in=among)
    if interest:
        members = members.filter(interests__slug=interest)
    return members


def interests_in_use():
    """Tags that at least one listed member chose, by name: the choices of the interest filter."""
    tagged = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type=ContentType.objects.get_for_model(User),
        object_id__in=listed_members().order_by().values("pk"),
    )
    return Tag.objects.filter(Exists(tagged)).order_by(Alphabetical("name"), "name", "id")
