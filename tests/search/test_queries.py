"""Search: stemming and accent folding in both languages, ranking, snippets, facets, visibility."""

import pytest
from django.contrib.auth.models import AnonymousUser

from nmc_portal.search_text import fold, highlight
from search import queries
from tests.factories import UserFactory
from tests.learning.factories import make_resource
from tests.twins import ROLES, build_world

pytestmark = pytest.mark.django_db


def search(user=None, ui="en", **chosen):
    filters = queries.Filters(**chosen)
    results = queries.search_site(user or AnonymousUser(), filters, language=ui, per_page=50)
    return results, queries.page_of_results(results.hits)


def titles(user, ui="en", **chosen):
    results, page = search(user, ui, **chosen)
    assert results.total == len(page)
    return [getattr(item, "title_en", "") or getattr(item, "title_fr", "") or item.title for item in page]


def test_fold_removes_accents_and_keeps_every_position():
    text = "Équipe, élève, façon, naïve, œuvre"
    assert fold(text) == "Equipe, eleve, facon, naive, œuvre"
    assert len(fold(text)) == len(text)


def test_highlight_puts_the_accents_back_and_escapes_html():
    original = "L'équipe <b>solide</b> gagne"
    headline = "L'\ue000equipe\ue001 <b>solide</b> gagne"
    assert highlight(headline, original) == "L&#x27;<mark>équipe</mark> &lt;b&gt;solide&lt;/b&gt; gagne"


def test_english_stemming_engagements_finds_engagement():
    make_resource(title_en="Running good meetings", body="Employee engagement starts with listening.")
    make_resource(title_en="Budget basics", body="Plan the fiscal year.")
    assert titles(None, q="engagements") == ["Running good meetings"]


def test_french_stemming_politiques_finds_politique():
    make_resource(
        title_en="",
        title_fr="Guide de rédaction",
        language="fr",
        summary_fr="Comment rédiger une politique claire.",
    )
    make_resource(title_en="", title_fr="Budget", language="fr", summary_fr="Planifier l'exercice.")
    assert titles(None, ui="fr", q="politiques") == ["Guide de rédaction"]


def test_accents_are_optional_in_french_both_ways():
    make_resource(title_en="", title_fr="Bâtir une équipe hybride", language="fr")
    make_resource(title_en="", title_fr="Le coaching entre pairs", language="fr")
    assert titles(None, ui="fr", q="equipe") == ["Bâtir une équipe hybride"]
    assert titles(None, ui="fr", q="ÉQUIPE batir") == ["Bâtir une équipe hybride"]


def test_accents_are_optional_in_english():
    make_resource(title_en="Writing a résumé for a manager position")
    make_resource(title_en="Writing a briefing note")
    assert titles(None, q="resume") == ["Writing a résumé for a manager position"]


def test_ranking_puts_title_matches_first_then_more_frequent_words():
    # Created best first: newest-first ordering would give the opposite order.
    make_resource(title_en="Coaching for managers", summary_en="Conversations that help.")
    make_resource(title_en="Peer circles", summary_en="Coaching circles and coaching tools.")
    make_resource(title_en="Team meetings", summary_en="Agendas, and a word on coaching.")
    make_resource(title_en="Budget planning", summary_en="Nothing about it.")
    assert titles(None, q="coaching") == ["Coaching for managers", "Peer circles", "Team meetings"]


def test_phrase_in_quotes_matches_the_words_together():
    make_resource(title_en="Social media at work", summary_en="Rules for social media.")
    make_resource(title_en="Media relations", summary_en="Social events and the media.")
    assert titles(None, q='"social media"') == ["Social media at work"]


def test_snippet_highlights_the_hit_in_the_readers_language_with_accents():
    resource = make_resource(
        title_en="Hybrid teams",
        title_fr="Équipes hybrides",
        summary_en="How to keep a hybrid team connected.",
        summary_fr="Comment garder une équipe hybride soudée.",
    )
    _results, [found] = search(ui="fr", q="equipe")
    assert found.pk == resource.pk
    assert found.snippet_html == "Comment garder une <mark>équipe</mark> hybride soudée."
    assert found.snippet_lang == "fr"


def test_members_only_resources_are_hidden_from_visitors():
    make_resource(title_en="Coaching guide", audience="public")
    make_resource(title_en="Coaching circle notes", audience="members")
    assert titles(None, q="coaching") == ["Coaching guide"]
    assert sorted(titles(UserFactory(), q="coaching")) == ["Coaching circle notes", "Coaching guide"]


def test_facets_filter_by_kind_tag_language_and_community(community):
    make_resource(title_en="Coaching playbook", kind="playbook", tags=["coaching"], community=community)
    make_resource(title_en="Coaching video", kind="video", url="https://example.gc.ca/v", tags=["coaching"])
    make_resource(title_en="", title_fr="Coaching en français", language="fr", tags=["mentorat"])
    assert titles(None, q="coaching", kind="video") == ["Coaching video"]
    assert titles(None, q="coaching", tag="mentorat") == ["Coaching en français"]
    assert titles(None, q="coaching", language="fr") == ["Coaching en français"]
    assert titles(None, q="coaching", community="engagement") == ["Coaching playbook"]
    assert sorted(titles(None, tag="coaching")) == ["Coaching playbook", "Coaching video"]


def test_facet_counts_ignore_their_own_choice():
    make_resource(title_en="Coaching playbook", kind="playbook", tags=["coaching"])
    make_resource(title_en="Coaching video", kind="video", url="https://example.gc.ca/v", tags=["coaching"])
    make_resource(title_en="Coaching guide", kind="guide", tags=["mentoring"])
    results, _page = search(q="coaching", kind="video")
    facets = results.facets
    assert results.total == 1
    kinds = {value: count for value, _label, count in facets["kind"].options}
    assert kinds == {"guide": 1, "playbook": 1, "toolkit": 0, "video": 1, "link": 0, "file": 0, "news": 0}
    assert [(slug, count) for slug, _name, count in facets["tag"].options] == [("coaching", 1)]
    languages = {value: count for value, _label, count in facets["language"].options}
    assert languages == {"en": 1, "fr": 0, "bilingual": 0}


def test_editing_a_resource_updates_what_search_finds(organizer, event):
    from learning import services

    resource = make_resource(title_en="Onboarding checklist", event=event)
    assert titles(None, q="retention") == []
    services.update_resource(
        resource=resource, author=organizer, change_note="Retention tips", body="Retention starts on day one."
    )
    assert titles(None, q="retention") == ["Onboarding checklist"]


# Events and discussions ---------------------------------------------------------------------


def test_sql_fold_is_the_python_fold_for_every_folded_letter():
    from django.db import connection

    from nmc_portal.search_text import FOLD_FROM, FOLD_PARAMS, sql_fold

    samples = [FOLD_FROM, "Équipe, élève, façon, naïve, œuvre — Ça va? ÀÉÎÕÜ ǅ ḉ ỳ", "plain ascii", ""]
    with connection.cursor() as cursor:
        for text in samples:
            cursor.execute(f"SELECT {sql_fold('%(text)s')}", {**FOLD_PARAMS, "text": text})
            assert cursor.fetchone()[0] == fold(text)
    assert len(fold(FOLD_FROM)) == len(FOLD_FROM)


def test_events_are_found_with_stemming_and_accents_in_both_languages():
    from tests.events.factories import EventFactory

    EventFactory(
        title_en="Client experience forum",
        title_fr="Forum sur l'expérience client",
        description_en="Two days on engagement with citizens.",
        description_fr="Deux jours sur les politiques de mobilisation d'une équipe.",
    )
    EventFactory(title_en="Budget day", title_fr="Journée du budget", description_en="", description_fr="")
    assert titles(None, q="engagements") == ["Client experience forum"]
    assert titles(None, ui="fr", q="experience") == ["Client experience forum"]
    assert titles(None, ui="fr", q="politique equipe") == ["Client experience forum"]
    _results, [found] = search(ui="fr", q="equipe")
    assert found.result_type == "event"
    assert (
        found.snippet_html == "Deux jours sur les politiques de mobilisation d&#x27;une <mark>équipe</mark>."
    )


def test_draft_events_are_never_found(organizer):
    from tests.events.factories import EventFactory

    EventFactory(title_en="Coaching summit", status="draft", organizers=[organizer])
    EventFactory(title_en="Coaching webinar", status="published")
    assert titles(None, q="coaching") == ["Coaching webinar"]
    assert titles(organizer, q="coaching") == ["Coaching webinar"]
    assert titles(None, type="event") == ["Coaching webinar"]


def test_discussions_are_found_with_stemming_and_accents():
    from tests.communities.factories import ThreadFactory

    ThreadFactory(title="Réunions d'équipe", body="Nos politiques de télétravail.", language="fr")
    ThreadFactory(title="Onboarding", body="Engagement from day one.", language="en")
    assert titles(None, ui="fr", q="equipe") == ["Réunions d'équipe"]
    assert titles(None, ui="fr", q="politiques teletravail") == ["Réunions d'équipe"]
    assert titles(None, q="engagements") == ["Onboarding"]
    _results, [found] = search(q="engagement")
    assert (found.result_type, found.snippet_html, found.snippet_lang) == (
        "discussion",
        "<mark>Engagement</mark> from day one.",
        "en",
    )


def test_editing_an_event_through_its_service_updates_what_search_finds():
    from events.services.agenda import update_event
    from tests.events.factories import EventFactory

    event = EventFactory(
        title_en="Budget day", title_fr="", description_en="Plan the year.", description_fr=""
    )
    assert titles(None, q="budget") == ["Budget day"]
    update_event(event=event, title_en="Coaching forum", title_fr="Forum sur l'accompagnement")
    assert titles(None, q="budget") == []
    assert titles(None, q="coaching") == ["Coaching forum"]
    # The French title added is found in French, accents folded, and makes the event bilingual.
    assert titles(None, ui="fr", q="accompagnements") == ["Coaching forum"]
    results, _page = search(ui="fr", q="accompagnement")
    assert {value: n for value, _label, n in results.facets["language"].options}["bilingual"] == 1
    update_event(event=event, description_fr="Une journée pour les équipes.")
    assert titles(None, ui="fr", q="equipe") == ["Coaching forum"]


def test_editing_a_session_through_its_service_updates_what_search_finds():
    from events.services.agenda import update_session
    from tests.events.factories import EventFactory, SessionFactory

    session = SessionFactory(event=EventFactory(title_en="Learning day"), title_en="Budget clinic")
    assert titles(None, q="budget") == ["Budget clinic"]
    update_session(session=session, title_en="Mentoring circle", title_fr="Cercle de mentorat")
    assert titles(None, q="budget") == []
    assert titles(None, ui="fr", q="cercles mentorat") == ["Mentoring circle"]


def test_editing_a_discussion_through_its_service_updates_what_search_finds(community):
    from communities.services import edit_post, start_thread
    from tests.communities.factories import member_of

    author = member_of(community)
    thread = start_thread(
        community=community, author=author, title="Budget questions", body="Who plans?", language="en"
    )
    assert titles(None, q="budget") == ["Budget questions"]
    edit_post(post=thread, editor=author, title="Réunions d'équipe", body="Nos politiques de télétravail.")
    assert titles(None, q="budget") == []
    assert titles(None, q="plans") == []
    assert titles(None, ui="fr", q="equipe") == ["Réunions d'équipe"]
    assert titles(None, ui="fr", q="teletravail") == ["Réunions d'équipe"]


# The vectors search used to compute per row at query time: the stored ones must equal them.
REFERENCE_VECTORS = {
    "events_event": "setweight(to_tsvector('english', {titles}), 'A')"
    " || setweight(to_tsvector('french', {titles}), 'A')"
    " || setweight(to_tsvector('english', {description_en}), 'B')"
    " || setweight(to_tsvector('french', {description_fr}), 'B')"
    " || setweight(to_tsvector('english', {venue_en}), 'C')"
    " || setweight(to_tsvector('french', {venue_fr}), 'C')",
    "events_session": "setweight(to_tsvector('english', {titles}), 'A')"
    " || setweight(to_tsvector('french', {titles}), 'A')"
    " || setweight(to_tsvector('english', {description_en}), 'B')"
    " || setweight(to_tsvector('french', {description_fr}), 'B')",
    "communities_thread": "setweight(to_tsvector('english', {title}), 'A')"
    " || setweight(to_tsvector('french', {title}), 'A')"
    " || setweight(CASE WHEN language = 'fr' THEN to_tsvector('french', {body})"
    " ELSE to_tsvector('english', {body}) END, 'B')",
}


def test_stored_vectors_equal_the_vectors_folded_from_the_text_with_todays_fold_table():
    from django.db import connection

    from nmc_portal.search_text import FOLD_FROM, FOLD_PARAMS, sql_fold
    from tests.communities.factories import ThreadFactory
    from tests.events.factories import EventFactory, SessionFactory

    accented = "Équipe, élève, façon, naïve — Ça va? " + " ".join(
        FOLD_FROM[n : n + 6] for n in range(0, 60, 6)
    )
    event = EventFactory(title_fr=f"Forum {accented}", description_fr=accented, venue_fr="Montréal (Québec)")
    EventFactory(title_fr="", description_en=accented, venue_en="", venue_fr="")
    SessionFactory(event=event, title_fr="Séance", description_en=accented, description_fr="")
    SessionFactory(event=event, title_en="Only English", title_fr="", description_fr=accented)
    ThreadFactory(title=f"Réunions {accented}", body=accented, language="fr")
    ThreadFactory(title="Coaching", body=f"Résumé: {accented}", language="en")
    columns = {
        "titles": sql_fold("concat_ws(' ', title_en, title_fr)"),
        **{name: sql_fold(name) for name in ("title", "body", "description_en", "description_fr")},
        **{name: sql_fold(name) for name in ("venue_en", "venue_fr")},
    }
    with connection.cursor() as cursor:
        for table, reference in REFERENCE_VECTORS.items():
            cursor.execute(
                f"SELECT count(*), count(*) FILTER (WHERE search_vector = {reference.format(**columns)})"
                f" FROM {table}",
                FOLD_PARAMS,
            )
            rows, equal = cursor.fetchone()
            assert rows >= 2 and equal == rows, table


def test_events_sessions_and_discussions_are_matched_on_their_stored_vectors():
    """No vector is computed per row at query time: the statement reads the stored columns."""
    sql, _params = queries._statement(
        AnonymousUser(), queries.Filters(q="coaching"), "en", offset=0, limit=20
    )
    assert "to_tsvector" not in sql
    for alias in ("r", "e", "s", "a", "t"):
        assert f"{alias}.search_vector @@ query.q" in sql


def test_members_only_community_threads_are_found_by_its_members_only(community, moderator, admin_user):
    from communities.models import Visibility
    from tests.communities.factories import CommunityFactory, ThreadFactory, member_of

    private = CommunityFactory(visibility=Visibility.MEMBERS)
    member = member_of(private)
    pending = member_of(private)
    pending.community_memberships.update(status="pending")
    ThreadFactory(community=private, title="Coaching in confidence")
    ThreadFactory(community=community, title="Coaching in the open")
    everyone = ["Coaching in the open"]
    assert titles(None, q="coaching") == everyone
    assert titles(UserFactory(), q="coaching") == everyone
    assert titles(pending, q="coaching") == everyone
    assert titles(moderator, q="coaching") == everyone  # moderates another community
    assert sorted(titles(member, q="coaching")) == ["Coaching in confidence", "Coaching in the open"]
    assert sorted(titles(admin_user, q="coaching")) == ["Coaching in confidence", "Coaching in the open"]


def test_hidden_and_removed_threads_are_never_found(community, moderator):
    from tests.communities.factories import ThreadFactory

    for status in ["hidden", "auto_hidden", "removed"]:
        ThreadFactory(community=community, title=f"Coaching {status}", status=status)
    ThreadFactory(community=community, title="Coaching shown")
    assert titles(None, q="coaching") == ["Coaching shown"]
    assert titles(moderator, q="coaching") == ["Coaching shown"]


def test_readable_communities_embedded_in_sql_agree_with_the_communities_rules(
    community, moderator, admin_user
):
    import rules
    from django.db import connection

    from communities.models import Community, Visibility
    from communities.rules import readable_communities
    from tests.communities.factories import CommunityFactory, member_of

    private = CommunityFactory(visibility=Visibility.MEMBERS)
    other_private = CommunityFactory(visibility=Visibility.MEMBERS)
    private_moderator = member_of(other_private, role="moderator")
    member = member_of(private)
    users = [AnonymousUser(), UserFactory(), member, moderator, private_moderator, admin_user]
    for user in users:
        with connection.cursor() as cursor:
            params = {}
            readable = queries.embed(readable_communities(user), params, "communities")
            cursor.execute(f"SELECT c.id FROM ({readable}) c", params)
            found = {pk for (pk,) in cursor.fetchall()}
        allowed = {
            c.pk for c in Community.objects.all() if rules.has_perm("communities.view_discussions", user, c)
        }
        assert found == allowed, user


def test_type_facet_counts_resources_events_sessions_and_discussions(community):
    from tests.communities.factories import ThreadFactory
    from tests.events.factories import EventFactory, SessionFactory

    make_resource(title_en="Coaching guide", tags=["coaching"])
    day = EventFactory(title_en="Coaching day", title_fr="", community=community)
    SessionFactory(event=day, title_en="Peer coaching circles", title_fr="")
    ThreadFactory(community=community, title="Coaching questions")
    results, _page = search(q="coaching", type="discussion")
    assert results.total == 1
    types = {value: count for value, _label, count in results.facets["type"].options}
    assert types == {"resource": 1, "event": 1, "session": 1, "discussion": 1, "article": 0}
    communities = [(slug, count) for slug, _c, count in results.facets["community"].options]
    assert communities == [("engagement", 1)]
    assert sorted(titles(None, q="coaching", community="engagement")) == [
        "Coaching day",
        "Coaching questions",
        "Peer coaching circles",
    ]
    assert titles(None, q="coaching", kind="guide") == ["Coaching guide"]
    assert titles(None, q="coaching", tag="coaching") == ["Coaching guide"]


@pytest.mark.parametrize("role", ROLES)
def test_search_lists_what_each_app_lets_the_role_read(role):
    """Without words the search lists everything the role may read: each app's query twin, not a copy."""
    from communities.rules import readable_articles, readable_threads
    from events.rules import public_events, readable_events
    from learning.rules import readable_resources
    from search.queries import readable_sessions

    world = build_world()
    user = world.users[role]
    results = queries.search_site(user, queries.Filters(), per_page=200)
    found = {(hit.type, hit.id) for hit in results.hits}
    expected = (
        {("resource", pk) for pk in readable_resources(user).values_list("pk", flat=True)}
        | {("event", pk) for pk in (readable_events(user) & public_events()).values_list("pk", flat=True)}
        | {("discussion", pk) for pk in readable_threads(user).values_list("pk", flat=True)}
        | {("session", row["id"]) for row in readable_sessions(user)}
        | {("article", pk) for pk in readable_articles(user).values_list("pk", flat=True)}
    )
    assert found == expected
    assert results.total == len(expected)


def test_sessions_of_public_events_are_found_with_their_description_highlighted():
    from events.models import Event
    from tests.events.factories import EventFactory, SessionFactory

    public = EventFactory(title_en="Learning day")
    SessionFactory(
        event=public,
        title_en="Working out loud",
        title_fr="Travailler à voix haute",
        description_fr="Partager son travail en cours avec ses collègues.",
    )
    draft = EventFactory(status=Event.Status.DRAFT)
    SessionFactory(event=draft, title_en="Secret collègues workshop")
    results, page = search(q="collegues", ui="fr")
    assert [item.title_en for item in page] == ["Working out loud"]
    assert page[0].result_type == "session"
    assert page[0].snippet_lang == "fr"
    assert "<mark>collègues</mark>" in page[0].snippet_html


def test_the_pages_language_comes_first_then_the_others_matches():
    """A French reader sees French and bilingual matches before English ones, whatever their rank."""
    make_resource(title_en="Mentoring mentoring mentoring", language="en")
    make_resource(title_en="Peer mentoring", title_fr="Mentorat entre pairs", language="fr")
    assert titles(None, ui="fr", q="mentoring") == ["Peer mentoring", "Mentoring mentoring mentoring"]
    assert titles(None, ui="en", q="mentoring") == ["Mentoring mentoring mentoring", "Peer mentoring"]


def searchable_article(**fields):
    from communities.services import article_search_fields
    from tests.communities.factories import ArticleFactory

    article = ArticleFactory(**fields)
    for name, value in article_search_fields(
        title=article.title, tag_names=[], body=article.body, language=article.language
    ).items():
        setattr(article, name, value)
    article.save()
    return article


def test_published_articles_readers_may_read_are_found_with_a_highlight():
    from communities.models import Visibility
    from tests.communities.factories import CommunityFactory, member_of

    searchable_article(
        title="Working out loud", body="Les **collègues** partagent leur travail.", language="fr"
    )
    searchable_article(title="Draft on colleagues", body="collègues", status="draft")
    private = CommunityFactory(visibility=Visibility.MEMBERS)
    searchable_article(title="Private colleagues", body="collègues", community=private)
    results, page = search(q="collegues", ui="fr")
    assert [item.title for item in page] == ["Working out loud"]
    assert page[0].result_type == "article" and page[0].snippet_lang == "fr"
    assert "<mark>collègues</mark>" in page[0].snippet_html
    member = member_of(private)
    assert sorted(titles(member, q="collegues")) == ["Private colleagues", "Working out loud"]
