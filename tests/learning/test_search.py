"""Search: stemming and accent folding in both languages, ranking, snippets, facets, visibility."""

import pytest
from django.contrib.auth.models import AnonymousUser

from learning import queries
from learning.search import fold, highlight
from tests.factories import UserFactory

from .factories import make_resource

pytestmark = pytest.mark.django_db


def search(user=None, ui="en", **chosen):
    filters = queries.Filters(**chosen)
    results = queries.search_resources(user or AnonymousUser(), filters)
    return results, queries.page_of_results(results.ids[:50], filters, ui)


def titles(user, ui="en", **chosen):
    results, page = search(user, ui, **chosen)
    assert results.total == len(page)
    return [resource.title_en or resource.title_fr for resource in page]


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
