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
