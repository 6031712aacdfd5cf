"""Reusable reads: what a reader sees of the library, the search with its facets, history."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from taggit.models import Tag

from communities.models import Community

from . import search
from .models import Audience, Comment, CommentStatus, Kind, Resource, ResourceLanguage, Revision, UsefulVote

RESULTS_PER_PAGE = 20
FACET_TAG_LIMIT = 15


def visible_resources(user):
    """Resources a reader may see: public ones for visitors, all of them for signed-in members."""
    resources = Resource.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        resources = resources.filter(audience=Audience.PUBLIC)
    return resources


def for_cards(resources):
    """What a resource card shows, in a fixed number of queries whatever the number of cards."""
    return resources.select_related("event", "community").prefetch_related("tags")


def recent_resources(user, limit=6):
    return list(for_cards(visible_resources(user)).order_by("-created_at", "-id")[:limit])


def month_start(now=None):
    """Midnight on the first of the current month, in the portal's time zone."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def most_useful_this_month(user, limit=5, now=None):
    """Resources with the most useful votes since the first of the month (ties: newest first)."""
    since = month_start(now)
    return list(
        for_cards(visible_resources(user))
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
    return list(
        Comment.objects.filter(resource=resource, status=CommentStatus.VISIBLE)
        .select_related("author")
        .order_by("created_at", "id")
    )


def resources_for_event(event, user):
    """An event's materials (slides, recordings...), for the event page and the library."""
    return list(for_cards(visible_resources(user).filter(event=event)).order_by("kind", "title_en", "id"))


def revisions_of(resource):
    return list(Revision.objects.filter(resource=resource).select_related("author").order_by("-number"))


def tag_suggestions(prefix, limit=10):
    """Existing tag names starting with prefix (accents and case ignored), the most used first."""
    prefix = search.fold(prefix.strip()).lower()
    if not prefix:
        return []
    names = (
        Tag.objects.filter(taggit_taggeditem_items__content_type__app_label="learning")
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)
    )
    # The shared vocabulary is small (hundreds of tags): fold in Python, like the search does.
    return [name for name in names if search.fold(name).lower().startswith(prefix)][:limit]


# Search -------------------------------------------------------------------------------


@dataclass
class Filters:
    q: str = ""
    kind: str = ""
    tag: str = ""
    language: str = ""
    community: str = ""

    def apply(self, resources, *, skip=None):
        """Narrow resources by every chosen facet except `skip` (for that facet's own counts)."""
        if self.q:
            resources = resources.filter(search_vector=search.build_query(self.q))
        if self.kind and skip != "kind":
            resources = resources.filter(kind=self.kind)
        if self.language and skip != "language":
            resources = resources.filter(language=self.language)
        if self.community and skip != "community":
            resources = resources.filter(community__slug=self.community)
        if self.tag and skip != "tag":
            resources = resources.filter(tags__slug=self.tag)
        return resources

    @property
    def any(self):
        return bool(self.q or self.kind or self.tag or self.language or self.community)


@dataclass
class Facet:
    name: str
    options: list = field(default_factory=list)  # (value, label object or text, count)


def _counts(resources, column):
    return dict(resources.order_by().values_list(column).annotate(n=Count("id", distinct=True)))


def facets_for(user, filters):
    """Counts for each facet among the matches of the other filters (a chosen kind still lists the others)."""
    visible = visible_resources(user)
    kinds = _counts(filters.apply(visible, skip="kind"), "kind")
    languages = _counts(filters.apply(visible, skip="language"), "language")
    communities = _counts(filters.apply(visible, skip="community"), "community")
    tagged = filters.apply(visible, skip="tag").order_by().values("pk")
    tags = list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="learning",
            taggit_taggeditem_items__object_id__in=tagged,
        )
        .annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n", "name")
        .values_list("slug", "name", "n")[:FACET_TAG_LIMIT]
    )
    if filters.tag and filters.tag not in {slug for slug, _name, _n in tags}:
        # The chosen tag stays listed (with 0) so that the reader can see and undo the choice.
        tags += [
            (slug, name, 0) for slug, name in Tag.objects.filter(slug=filters.tag).values_list("slug", "name")
        ]
    community_rows = Community.objects.filter(pk__in=[pk for pk in communities if pk]).order_by("slug")
    return {
        "kind": Facet("kind", [(value, label, kinds.get(value, 0)) for value, label in Kind.choices]),
        "language": Facet(
            "language", [(value, label, languages.get(value, 0)) for value, label in ResourceLanguage.choices]
        ),
        "community": Facet("community", [(c.slug, c, communities.get(c.pk, 0)) for c in community_rows]),
        "tag": Facet("tag", [(slug, name, n) for slug, name, n in tags]),
    }


def search_resources(user, filters, language):
    """Matching resources, best first (newest first without words). Paginate, then attach_snippets(page)."""
    resources = filters.apply(visible_resources(user))
    if filters.q:
        resources = search.with_snippets(search.ranked(resources, filters.q), filters.q, language)
    else:
        resources = resources.order_by("-created_at", "-id")
    return for_cards(resources)


def attach_snippets(results, language):
    """Each result's `snippet_html`: the reader's language first, else the other one, accents restored."""
    for resource in results:
        snippet = getattr(resource, "snippet", None)
        if snippet is None:
            resource.snippet_html = ""
            continue
        _titles, english, french = search.original_texts(
            title_en="",
            title_fr="",
            summary_en=resource.summary_en,
            summary_fr=resource.summary_fr,
            body=resource.body,
            language=resource.language,
            tag_names=[],
        )
        texts = {"en": english, "fr": french}
        other = "fr" if language == "en" else "en"
        if texts[language]:
            resource.snippet_html = search.highlight(snippet, texts[language])
            resource.snippet_lang = language
        else:
            resource.snippet_html = search.highlight(resource.snippet_other, texts[other])
            resource.snippet_lang = other
    return results
