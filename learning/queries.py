"""Reusable reads: what a reader sees of the library, the search with its facets, history."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from taggit.models import Tag, TaggedItem

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

    def apply(self, resources, *, skip=()):
        """Narrow resources by the words and every chosen facet except those in `skip`."""
        if self.q:
            resources = resources.filter(search_vector=search.build_query(self.q))
        if self.kind and "kind" not in skip:
            resources = resources.filter(kind=self.kind)
        if self.language and "language" not in skip:
            resources = resources.filter(language=self.language)
        if self.community and "community" not in skip:
            resources = resources.filter(community__slug=self.community)
        if self.tag and "tag" not in skip:
            tagged = TaggedItem.objects.filter(
                content_type=resource_content_type(), tag__slug=self.tag
            ).values("object_id")
            resources = resources.filter(pk__in=tagged)
        return resources

    @property
    def any(self):
        return bool(self.q or self.kind or self.tag or self.language or self.community)


def resource_content_type():
    return ContentType.objects.get_for_model(Resource)


@dataclass
class Facet:
    name: str
    options: list = field(default_factory=list)  # (value, label object or text, count)


@dataclass
class SearchResults:
    """What the search page shows: the total, the facets and a sequence of ranked ids to paginate."""

    total: int
    facets: dict
    ids: object  # a queryset of primary keys, best first

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.ids[index]


FACET_COLUMNS = ("kind", "language", "community")


def search_resources(user, filters):
    """Ranked matches (newest first without words), their total and the facet counts.

    Built for 50,000 resources and more: ranking sorts primary keys only (the page's rows are
    loaded afterwards by resources_for_page), and the kind, language and community facets and
    the total all come from one grouped query instead of one count per facet.
    """
    visible = visible_resources(user)
    matches = filters.apply(visible)
    if filters.q:
        ids = search.ranked(matches, filters.q).values_list("pk", flat=True)
    else:
        ids = matches.order_by("-created_at", "-id").values_list("pk", flat=True)
    groups = list(
        filters.apply(visible, skip=FACET_COLUMNS)
        .order_by()
        .values_list("kind", "language", "community_id")
        .annotate(n=Count("id"))
    )
    communities = {community.pk: community for community in Community.objects.order_by("slug")}
    chosen = {
        "kind": filters.kind,
        "language": filters.language,
        "community": next((pk for pk, c in communities.items() if c.slug == filters.community), -1)
        if filters.community
        else "",
    }

    def count(facet):
        """Counts per value of facet among groups that match every other chosen facet."""
        counts = {}
        for kind, language, community_id, n in groups:
            values = {"kind": kind, "language": language, "community": community_id}
            if all(
                not chosen[other] or values[other] == chosen[other]
                for other in FACET_COLUMNS
                if other != facet
            ):
                counts[values[facet]] = counts.get(values[facet], 0) + n
        return counts

    kinds, languages, by_community = count("kind"), count("language"), count("community")
    total = sum(n for value, n in kinds.items() if not chosen["kind"] or value == chosen["kind"])
    facets = {
        "kind": Facet("kind", [(value, label, kinds.get(value, 0)) for value, label in Kind.choices]),
        "language": Facet(
            "language", [(value, label, languages.get(value, 0)) for value, label in ResourceLanguage.choices]
        ),
        "community": Facet(
            "community",
            [(c.slug, c, by_community[pk]) for pk, c in communities.items() if by_community.get(pk)],
        ),
        "tag": Facet("tag", tag_counts(filters, visible)),
    }
    return SearchResults(total=total, facets=facets, ids=ids)


def tag_counts(filters, visible):
    """The most used tags among the matches of the other filters (the chosen tag stays listed).

    The matches are materialized first: without it PostgreSQL tests the words row by row
    against every tagged item instead of using the GIN index once.
    """
    matched_sql, params = (
        filters.apply(visible, skip=("tag",)).order_by().values("pk").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH matched AS MATERIALIZED ({matched_sql})
            SELECT tag.slug, tag.name, count(*) AS n
            FROM taggit_taggeditem item
            JOIN matched ON matched.pk = item.object_id
            JOIN taggit_tag tag ON tag.id = item.tag_id
            WHERE item.content_type_id = %s
            GROUP BY tag.id
            ORDER BY n DESC, tag.name
            LIMIT %s
            """,  # noqa: S608 (matched_sql is Django's own compiled SQL; values are parameters)
            [*params, resource_content_type().pk, FACET_TAG_LIMIT],
        )
        tags = cursor.fetchall()
    if filters.tag and filters.tag not in {slug for slug, _name, _n in tags}:
        chosen = Tag.objects.filter(slug=filters.tag).values_list("slug", "name")
        tags += [(slug, name, 0) for slug, name in chosen]
    return tags


def page_of_results(ids, filters, language):
    """The page's resources in rank order, with card data and (when searching) highlighted snippets."""
    ids = list(ids)
    resources = for_cards(Resource.objects.filter(pk__in=ids))
    if filters.q:
        resources = search.with_snippets(resources, filters.q, language)
    by_id = {resource.pk: resource for resource in resources}
    return attach_snippets([by_id[pk] for pk in ids if pk in by_id], language)


def attach_snippets(results, language):
    """Each result's `snippet_html` and `snippet_lang`: accents restored, hits in <mark>."""
    other = "fr" if language == "en" else "en"
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
        # with_snippets chose the reader's language unless its text is empty.
        resource.snippet_lang = language if texts[language] else other
        resource.snippet_html = search.highlight(snippet, texts[resource.snippet_lang])
    return results
