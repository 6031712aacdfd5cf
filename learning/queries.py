"""Reusable reads: what a reader sees of the library, history, tag suggestions."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from taggit.models import Tag

from communities.models import ReportStatus
from nmc_portal.collation import alphabetical_by
from nmc_portal.search_text import fold

from .models import Comment, CommentStatus, Resource, Revision, UsefulVote
from .rules import readable_resources


def for_cards(resources):
    """What a resource card shows, in a fixed number of queries whatever the number of cards."""
    return resources.select_related("event", "community").prefetch_related("tags")


def recent_resources(user, limit=6):
    return list(for_cards(readable_resources(user)).order_by("-created_at", "-id")[:limit])


def month_start(now=None):
    """Midnight on the first of the current month, in the portal's time zone."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def most_useful_this_month(user, limit=5, now=None):
    """Resources with the most useful votes since the first of the month (ties: newest first)."""
    since = month_start(now)
    return list(
        for_cards(readable_resources(user))
        .annotate(month_votes=Count("votes", filter=Q(votes__created_at__gte=since)))
        .filter(month_votes__gt=0)
        .order_by("-month_votes", "-created_at", "-id")[:limit]
    )


def resource_for_page(slug, user):
    """The resource with its links and counts; `voted` says whether this member marked it useful."""
    resources = for_cards(Resource.objects.filter(slug=slug)).annotate(
        useful_count=Count("votes", distinct=True)
    )
    if user.is_authenticated:
        resources = resources.annotate(
            voted=Exists(UsefulVote.objects.filter(resource=OuterRef("pk"), member=user))
        )
    return resources.select_related("created_by").first()


def visible_comments(resource):
    """The resource's visible comments, oldest first, each with `open_reports` (for its moderators)."""
    comments = list(
        Comment.objects.filter(resource=resource, status=CommentStatus.VISIBLE)
        .select_related("author")
        .annotate(open_reports=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
        .order_by("created_at", "id")
    )
    for comment in comments:
        comment.resource = resource  # permission predicates read it: no query per comment
    return comments


def resources_for_event(event, user):
    """An event's materials (slides, recordings...), for the event page and the library."""
    return list(
        for_cards(readable_resources(user).filter(event=event)).order_by("kind", *alphabetical_by("title"))
    )


def revisions_of(resource):
    return list(Revision.objects.filter(resource=resource).select_related("author").order_by("-number"))


def tag_suggestions(prefix, limit=10):
    """Existing tag names starting with prefix (accents and case ignored), the most used first."""
    prefix = fold(prefix.strip()).lower()
    if not prefix:
        return []
    names = (
        Tag.objects.filter(taggit_taggeditem_items__content_type__app_label="learning")
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)
    )
    # The shared vocabulary is small (hundreds of tags): fold in Python, like the search does.
    return [name for name in names if fold(name).lower().startswith(prefix)][:limit]


def resources_shared_with(community, user, *, limit):
    """The newest library resources linked to community that user may read, in one query."""
    return list(readable_resources(user).filter(community=community).order_by("-created_at", "-id")[:limit])
