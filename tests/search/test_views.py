"""The search page: its address, highlighted results, the same queries whatever the data size."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.helpers import assert_constant_queries
from tests.learning.factories import bulk_resources, make_resource

pytestmark = pytest.mark.django_db


def test_search_keeps_its_address_under_the_library():
    assert reverse("search:search") == "/en/library/search/"
    with translation.override("fr"):
        assert reverse("search:search") == "/fr/bibliotheque/recherche/"


def test_search_page_shows_highlighted_results_in_french(client):
    make_resource(
        title_en="Hybrid teams", title_fr="Équipes hybrides", summary_fr="Garder une équipe soudée."
    )
    with translation.override("fr"):
        url = reverse("search:search")
    response = client.get(url, {"q": "equipe"})
    assert response.status_code == 200
    assert "Garder une <mark>équipe</mark> soudée." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/en/library/search/?q=guide", "/en/library/search/?kind=guide", "/en/library/search/"]
)
def test_search_pages_issue_the_same_queries_for_5_or_40_resources(client, url):
    bulk_resources(5)
    make_resource(title_en="Tagged guide", tags=["coaching"])
    assert_constant_queries(client, url, lambda: bulk_resources(35))


@pytest.mark.parametrize("number", ["100000000000000000000000000", "-3", "abc", "1e9", "99999"])
def test_search_page_numbers_out_of_range_show_a_page_not_an_error(client, number):
    response = client.get("/en/library/search/", {"q": "engagement", "page": number})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "label", "action"),
    [
        ("/en/", "Search the NMC Portal", "/en/library/search/"),
        ("/fr/", "Rechercher dans le portail de la CNG", "/fr/bibliotheque/recherche/"),
        ("/fr/evenements/", "Rechercher dans le portail de la CNG", "/fr/bibliotheque/recherche/"),
        ("/en/communities/", "Search the NMC Portal", "/en/library/search/"),
    ],
)
def test_every_page_has_the_search_box_in_its_header(client, path, label, action):
    page = client.get(path).content.decode()
    header = page.split('<header class="site-header">')[1].split("</header>")[0]
    assert f'<form method="get" action="{action}" role="search"' in header
    assert f'<label for="site-search-q" class="sr-only">{label}</label>' in header
    assert 'name="q"' in header


def test_the_header_search_finds_a_session_from_the_home_page(client):
    from tests.events.factories import EventFactory, SessionFactory

    SessionFactory(event=EventFactory(), title_en="Working out loud", title_fr="Travailler à voix haute")
    response = client.get("/fr/bibliotheque/recherche/", {"q": "voix haute"})
    page = response.content.decode()
    assert "Travailler à voix haute" in page
    assert '<span class="kind-badge kind-session">Séance</span>' in page


def test_search_page_issues_the_same_queries_for_2_or_12_matching_sessions(client):
    from tests.events.factories import EventFactory, SessionFactory

    def sessions(count):
        event = EventFactory()
        for number in range(count):
            SessionFactory(event=event, title_en=f"Coaching clinic {number}")

    sessions(2)
    assert_constant_queries(client, "/en/library/search/?q=coaching", lambda: sessions(10))


def test_search_page_issues_the_same_queries_for_2_or_12_matching_articles(client):
    from tests.search.test_queries import searchable_article

    def articles(count):
        for number in range(count):
            searchable_article(title=f"Coaching notes {number}", body="Coaching in practice.")

    articles(2)
    assert_constant_queries(client, "/en/library/search/?q=coaching", lambda: articles(10))
    page = client.get("/fr/bibliotheque/recherche/", {"q": "coaching"}).content.decode()
    assert '<span class="kind-badge kind-article">Article</span>' in page


def test_search_page_issues_the_same_queries_for_2_or_12_matching_events_and_discussions(client):
    from tests.communities.factories import CommunityFactory, ThreadFactory
    from tests.events.factories import EventFactory

    community = CommunityFactory()

    def events_and_discussions(count):
        for number in range(count):
            EventFactory(title_en=f"Coaching forum {number}", community=community)
            ThreadFactory(community=community, title=f"Coaching question {number}")

    events_and_discussions(2)
    for url in ("/en/library/search/?q=coaching", "/fr/bibliotheque/recherche/?q=coaching&type=event"):
        assert_constant_queries(client, url, lambda: events_and_discussions(5))
