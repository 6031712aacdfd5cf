"""Branded 403, 404 and 500 pages, in the page's language (500: both, as it has no request)."""

import pytest
from django.test import Client, override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/en/events/no-such-event/", "en", "We couldn't find that page"),
        ("/fr/evenements/aucun-evenement/", "fr", "Nous n'avons pas trouvé cette page"),
    ],
)
def test_404_is_the_portals_page_in_the_pages_language(client, path, language, heading):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html


def test_403_is_the_portals_page(client):
    client.force_login(UserFactory())  # a member, not an organizer
    response = client.get("/fr/evenements/gerer/nouveau/")
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="fr">' in html
    assert "<h1>Vous ne pouvez pas faire cela ici</h1>" in html


@override_settings(ROOT_URLCONF="tests.portal.urls_broken")
def test_500_says_what_happened_in_both_languages():
    response = Client(raise_request_exception=False).get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<h1 id="error-en">Something went wrong</h1>' in html
    assert "Une erreur s'est produite" in html
    assert "What you had already saved is kept." in html
