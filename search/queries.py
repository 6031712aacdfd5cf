"""The site's one search box, over library resources, events, their sessions, community discussions and
members' articles.

One SQL statement answers a search: a CTE gathers the matches of every kind, then the page's rows
with their highlighted snippets, the grouped facet counts and the tag counts are read from it.
Every kind carries a stored, GIN-indexed `search_vector` (resources and articles: derived from the
folded text their services store; events, sessions and discussions: derived from their own columns
folded in SQL, nmc_portal.search_text.Fold): a match is an index lookup, no vector is computed per row
at query time. Only the page's snippets fold their text in the query (search_text.sql_fold).

Who may read what is not restated here: each app's query twin of its permission predicate
(learning.rules.readable_resources, events.rules.readable_events, communities.rules.readable_threads)
stands for its table in the statement (`embed`).
"""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from taggit.models import Tag

from communities.models import Article, Community, Thread
from communities.rules import readable_articles, readable_threads
from events.models import Event, Session
from events.rules import public_events, readable_events
from learning.indexing import original_texts
from learning.models import Kind, Resource, ResourceLanguage
from learning.queries import for_cards
from learning.rules import readable_resources
from nmc_portal import search_text

from .enums import ResultType

RESULTS_PER_PAGE = 20
FACET_TAG_LIMIT = 15
HEADLINE_OPTIONS = f"StartSel={search_text.START}, StopSel={search_text.STOP}, MaxWords=30, MinWords=12"


@dataclass
class Filters:
    q: str = ""
    type: str = ""
    kind: str = ""
    tag: str = ""
    language: str = ""
    community: str = ""

    @property
    def any(self):
        return bool(self.q or self.type or self.kind or self.tag or self.language or self.community)


def resource_content_type():
    return ContentType.objects.get_for_model(Resource)


@dataclass
class Facet:
    name: str
    options: list = field(default_factory=list)  # (value, label object or text, count)


@dataclass
class Hit:
    """One result of a page: what it is, its id and (when searching words) its folded headline."""

    type: str
    id: int
    headline: str | None = None
    headline_lang: str = ""


@dataclass
class SearchResults:
    """The total, the facets and one page of hits; a sequence of `total` hits for Paginator.

    The statement that counted fetched the page at `offset`: Paginator's slice for that page
    is answered from it. Another slice (a page number out of range) runs the statement again.
    """

    total: int
    facets: dict
    hits: list
    offset: int
    refetch: object = None

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.total
        if start == self.offset and stop - start <= len(self.hits) + (self.total - start):
            return self.hits[: stop - start]
        return self.refetch(start, stop - start)


FACET_COLUMNS = ("type", "kind", "language", "community")
CONFIG = {"en": "english", "fr": "french"}


_PLACEHOLDER = re.compile(r"(?<!%)%s")


def embed(queryset, params, name):
    """The SQL of `queryset`, to stand for its table in the statement (`FROM (...) alias`).

    Its parameters are added to `params`: Django writes positional placeholders and the statement binds
    named ones, so each becomes %(name_N)s. The ordering is dropped: PostgreSQL then pulls such a
    subquery up into the statement, and plans it as the table filtered directly (the GIN index still
    serves the match).
    """
    sql, values = queryset.order_by().query.sql_with_params()
    names = iter(f"{name}_{number}" for number in range(len(values)))
    sql = _PLACEHOLDER.sub(lambda _match: f"%({next(names)})s", sql)
    params.update({f"{name}_{number}": value for number, value in enumerate(values)})
    return sql


def readable_sessions(user):
    """The sessions of the events the search shows `user` (public ones: never a draft's agenda), with
    their event's community and date of creation for the facets and the order."""
    return Session.objects.filter(event__in=readable_events(user) & public_events()).values(
        "id",
        "language",
        "title_en",
        "title_fr",
        "description_en",
        "description_fr",
        "search_vector",
        community=F("event__community_id"),
        created=F("event__created_at"),
    )


def _matches_sql(user, words, params):
    """The CTEs `query` (when searching words) and `matches`: every readable match of the three kinds.

    Events: those the user may read that are public. Drafts never show in the search, not even to
    their organizers (the search lists what the site publishes; drafts are on the organizers' pages).
    """
    resources = embed(readable_resources(user), params, "resources")
    events = embed(readable_events(user) & public_events(), params, "events")
    threads = embed(readable_threads(user), params, "threads")
    sessions = embed(readable_sessions(user), params, "sessions")
    articles = embed(readable_articles(user), params, "articles")
    if words:
        rank, match = "ts_rank({v}, query.q)", "AND {v} @@ query.q"
        query = (
            "query AS (SELECT websearch_to_tsquery('english', %(words)s)"
            " || websearch_to_tsquery('french', %(words)s) AS q),"
        )
        search_from = ", query"
    else:
        # Without words the rank is a constant: newest first.
        rank, match, query, search_from = "0::real", "", "", ""
    return f"""{query}
    matches AS MATERIALIZED (
        SELECT 'resource'::text AS type, r.id, r.kind::text AS kind, r.language::text AS language,
            r.community_id, {rank.format(v="r.search_vector")} AS rank, r.created_at
        FROM ({resources}) r{search_from}
        WHERE TRUE {match.format(v="r.search_vector")}
      UNION ALL
        SELECT 'event', e.id, '', CASE WHEN e.title_fr <> '' THEN 'bilingual' ELSE 'en' END,
            e.community_id, {rank.format(v="e.search_vector")}, e.created_at
        FROM ({events}) e{search_from}
        WHERE TRUE {match.format(v="e.search_vector")}
      UNION ALL
        SELECT 'session', s.id, '', s.language::text, s.community,
            {rank.format(v="s.search_vector")}, s.created
        FROM ({sessions}) s{search_from}
        WHERE TRUE {match.format(v="s.search_vector")}
      UNION ALL
        SELECT 'article', a.id, '', a.language::text, a.community_id,
            {rank.format(v="a.search_vector")}, a.published_at
        FROM ({articles}) a{search_from}
        WHERE TRUE {match.format(v="a.search_vector")}
      UNION ALL
        SELECT 'discussion', t.id, '', t.language::text, t.community_id,
            {rank.format(v="t.search_vector")}, t.created_at
        FROM ({threads}) t{search_from}
        WHERE TRUE {match.format(v="t.search_vector")}
    )"""


def _conditions(filters):
    """SQL condition on `m` (a match) for each chosen facet."""
    chosen = {}
    if filters.type:
        chosen["type"] = "m.type = %(type)s"
    if filters.kind:
        chosen["kind"] = "m.kind = %(kind)s"
    if filters.language:
        chosen["language"] = "m.language = %(language)s"
    if filters.community:
        chosen["community"] = (
            "m.community_id = (SELECT id FROM communities_community WHERE slug = %(community)s)"
        )
    if filters.tag:
        chosen["tag"] = (
            "m.type = 'resource' AND m.id IN (SELECT i.object_id FROM taggit_taggeditem i"
            " JOIN taggit_tag g ON g.id = i.tag_id WHERE i.content_type_id = %(resource_type)s"
            " AND g.slug = %(tag)s)"
        )
    return chosen


def _where(conditions, skip=()):
    chosen = [sql for name, sql in conditions.items() if name not in skip]
    return " AND ".join(f"({sql})" for sql in chosen) or "TRUE"


def _headline(text, config):
    return f"ts_headline('{config}', {text}, query.q, %(headline_options)s)"


def _snippets_sql(language):
    """Per page row: the headline over the folded text in the reader's language (else the other)."""
    other = "fr" if language == "en" else "en"
    own, fallback = CONFIG[language], CONFIG[other]
    event_own, event_other = (
        search_text.sql_fold(f"e.description_{language}"),
        search_text.sql_fold(f"e.description_{other}"),
    )
    session_own, session_other = (
        search_text.sql_fold(f"ss.description_{language}"),
        search_text.sql_fold(f"ss.description_{other}"),
    )
    thread_body = search_text.sql_fold("t.body")
    return f"""CASE page.type
            WHEN 'resource' THEN CASE WHEN r.search_text_{language} <> ''
                THEN {_headline(f"r.search_text_{language}", own)}
                ELSE {_headline(f"r.search_text_{other}", fallback)} END
            WHEN 'event' THEN CASE WHEN e.description_{language} <> ''
                THEN {_headline(event_own, own)} ELSE {_headline(event_other, fallback)} END
            WHEN 'session' THEN CASE WHEN ss.description_{language} <> ''
                THEN {_headline(session_own, own)} ELSE {_headline(session_other, fallback)} END
            WHEN 'article' THEN CASE WHEN a.language = 'fr' THEN {_headline("a.search_text_fr", "french")}
                ELSE {_headline("a.search_text_en", "english")} END
            ELSE CASE WHEN t.language = 'fr' THEN {_headline(thread_body, "french")}
                ELSE {_headline(thread_body, "english")} END
        END,
        CASE page.type
            WHEN 'resource' THEN CASE WHEN r.search_text_{language} <> '' THEN '{language}' ELSE '{other}' END
            WHEN 'event' THEN CASE WHEN e.description_{language} <> '' THEN '{language}' ELSE '{other}' END
            WHEN 'session' THEN CASE WHEN ss.description_{language} <> '' THEN '{language}' ELSE '{other}' END
            WHEN 'article' THEN a.language::text
            ELSE t.language::text
        END"""


def _statement(user, filters, language, *, offset, limit):
    """The whole search as one statement and its parameters; rows are (part, a, b, c, id, n, text)."""
    words = search_text.fold(filters.q.strip())
    conditions = _conditions(filters)
    params = {
        **search_text.FOLD_PARAMS,
        "words": words,
        "type": filters.type,
        "kind": filters.kind,
        "language": filters.language,
        "community": filters.community,
        "tag": filters.tag,
        "resource_type": resource_content_type().pk,
        "headline_options": HEADLINE_OPTIONS,
        "tag_limit": FACET_TAG_LIMIT,
        "limit": limit,
        "offset": offset,
        "page_language": language,
    }
    if words:
        snippets = _snippets_sql(language)
        joins = """CROSS JOIN query
        LEFT JOIN learning_resource r ON page.type = 'resource' AND r.id = page.id
        LEFT JOIN events_event e ON page.type = 'event' AND e.id = page.id
        LEFT JOIN events_session ss ON page.type = 'session' AND ss.id = page.id
        LEFT JOIN communities_article a ON page.type = 'article' AND a.id = page.id
        LEFT JOIN communities_thread t ON page.type = 'discussion' AND t.id = page.id"""
    else:
        snippets, joins = "NULL, NULL", ""
    # The page's language first (bilingual items count as both), the other language's matches after.
    order = "m.language IN (%(page_language)s, 'bilingual') DESC, m.rank DESC, m.created_at DESC, m.id DESC"
    sql = f"""WITH {_matches_sql(user, bool(words), params)},
    page AS (
        SELECT m.type, m.id, row_number() OVER (ORDER BY {order}) AS n
        FROM matches m WHERE {_where(conditions)}
        ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s
    )
    SELECT 'page', page.type, {snippets}, page.id, page.n
    FROM page {joins}
    UNION ALL
    SELECT 'group', m.type, m.kind, m.language, m.community_id, count(*)
    FROM matches m WHERE {_where(conditions, skip=FACET_COLUMNS)}
    GROUP BY m.type, m.kind, m.language, m.community_id
    UNION ALL
    (SELECT 'tag', g.slug, g.name, NULL, NULL, counts.n
    FROM (
        SELECT i.tag_id, count(*) AS n
        FROM matches m
        JOIN taggit_taggeditem i ON i.object_id = m.id AND i.content_type_id = %(resource_type)s
        WHERE m.type = 'resource' AND {_where(conditions, skip=("tag",))}
        GROUP BY i.tag_id
    ) counts JOIN taggit_tag g ON g.id = counts.tag_id
    ORDER BY counts.n DESC, g.name LIMIT %(tag_limit)s)"""
    return sql, params


def _run(user, filters, language, *, offset, limit):
    sql, params = _statement(user, filters, language, offset=offset, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    hits, groups, tags = [], [], []
    for part, a, b, c, ident, n in rows:
        if part == "page":
            hits.append((n, Hit(type=a, id=ident, headline=b, headline_lang=c or "")))
        elif part == "group":
            groups.append((a, b, c, ident, n))
        else:
            tags.append((a, b, n))
    return [hit for _n, hit in sorted(hits, key=lambda pair: pair[0])], groups, tags


MAX_PAGE = 10_000  # past it the offset is nonsense (and 10^26 would overflow PostgreSQL's bigint)


def page_number(value):
    """The page asked for, between 1 and MAX_PAGE; anything else is page 1 (Paginator then shows the
    last page when the number is past the results)."""
    try:
        return min(max(1, int(value)), MAX_PAGE)
    except (TypeError, ValueError, OverflowError):
        return 1


def search_site(user, filters, *, language="en", page=1, per_page=RESULTS_PER_PAGE):
    """Ranked matches among resources, events and discussions (newest first without words).

    One statement gives the page's hits with their headlines, the facet counts and the tag
    counts; the total is the sum of the groups. Facet counts ignore their own facet's choice.
    """
    offset = (page_number(page) - 1) * per_page
    hits, groups, tags = _run(user, filters, language, offset=offset, limit=per_page)
    communities = {community.pk: community for community in Community.objects.order_by("slug")}
    chosen = {
        "type": filters.type,
        "kind": filters.kind,
        "language": filters.language,
        "community": next((pk for pk, c in communities.items() if c.slug == filters.community), -1)
        if filters.community
        else "",
    }

    def count(facet):
        """Counts per value of facet among groups that match every other chosen facet."""
        counts = {}
        for type_, kind, language_, community_id, n in groups:
            values = {"type": type_, "kind": kind, "language": language_, "community": community_id}
            if all(
                not chosen[other] or values[other] == chosen[other]
                for other in FACET_COLUMNS
                if other != facet
            ):
                counts[values[facet]] = counts.get(values[facet], 0) + n
        return counts

    types, kinds, languages, by_community = (
        count("type"),
        count("kind"),
        count("language"),
        count("community"),
    )
    total = sum(n for value, n in types.items() if not chosen["type"] or value == chosen["type"])
    if filters.tag and filters.tag not in {slug for slug, _name, _n in tags}:
        tags += [
            (slug, name, 0) for slug, name in Tag.objects.filter(slug=filters.tag).values_list("slug", "name")
        ]
    facets = {
        "type": Facet("type", [(value, label, types.get(value, 0)) for value, label in ResultType.choices]),
        "kind": Facet("kind", [(value, label, kinds.get(value, 0)) for value, label in Kind.choices]),
        "language": Facet(
            "language", [(value, label, languages.get(value, 0)) for value, label in ResourceLanguage.choices]
        ),
        "community": Facet(
            "community",
            [(c.slug, c, by_community[pk]) for pk, c in communities.items() if by_community.get(pk)],
        ),
        "tag": Facet("tag", tags),
    }

    def refetch(start, size):
        return _run(user, filters, language, offset=start, limit=size)[0]

    return SearchResults(total=total, facets=facets, hits=hits, offset=offset, refetch=refetch)


def page_of_results(hits):
    """The page's resources, events, sessions, discussions and articles in rank order, each with
    `result_type`, and (when searching words) `snippet_html` and `snippet_lang`."""
    ids = {kind: [] for kind in ResultType}
    for hit in hits:
        ids[hit.type].append(hit.id)
    loaded = {}
    if ids[ResultType.RESOURCE]:
        for resource in for_cards(Resource.objects.filter(pk__in=ids[ResultType.RESOURCE])):
            loaded[ResultType.RESOURCE, resource.pk] = resource
    if ids[ResultType.EVENT]:
        for event in Event.objects.filter(pk__in=ids[ResultType.EVENT]).select_related("community"):
            loaded[ResultType.EVENT, event.pk] = event
    if ids[ResultType.SESSION]:
        for session in Session.objects.filter(pk__in=ids[ResultType.SESSION]).select_related("event", "room"):
            loaded[ResultType.SESSION, session.pk] = session
    if ids[ResultType.ARTICLE]:
        for article in Article.objects.filter(pk__in=ids[ResultType.ARTICLE]).select_related(
            "community", "author"
        ):
            loaded[ResultType.ARTICLE, article.pk] = article
    if ids[ResultType.DISCUSSION]:
        for thread in Thread.objects.filter(pk__in=ids[ResultType.DISCUSSION]).select_related("community"):
            loaded[ResultType.DISCUSSION, thread.pk] = thread
    results = []
    for hit in hits:
        item = loaded.get((hit.type, hit.id))
        if item is None:
            continue
        item.result_type = hit.type
        item.snippet_lang = hit.headline_lang
        item.snippet_html = (
            search_text.highlight(hit.headline, original_text(item, hit)) if hit.headline else ""
        )
        results.append(item)
    return results


def original_text(item, hit):
    """The unfolded text a hit's headline was taken from."""
    if hit.type in (ResultType.EVENT, ResultType.SESSION):
        return getattr(item, f"description_{hit.headline_lang}")
    if hit.type in (ResultType.DISCUSSION, ResultType.ARTICLE):
        return item.body
    _titles, english, french = original_texts(
        title_en="",
        title_fr="",
        summary_en=item.summary_en,
        summary_fr=item.summary_fr,
        body=item.body,
        language=item.language,
        tag_names=[],
    )
    return english if hit.headline_lang == "en" else french
