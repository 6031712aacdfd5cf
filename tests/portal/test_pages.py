import re

import pytest

pytestmark = pytest.mark.django_db


def toggle_href(response):
    return re.search(r'<div class="lang-toggle">\s*<a href="([^"]+)"', response.content.decode()).group(1)


def test_home_page_in_english_names_the_community(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<h1>National Managers' Community</h1>" in html
    assert 'href="#content"' in html and '<main id="content"' in html


def test_home_page_in_french_is_in_french(client):
    response = client.get("/fr/")
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Communauté nationale des gestionnaires</h1>" in html


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_root_redirects_french_browsers_to_french(client):
    response = client.get("/", headers={"accept-language": "fr-CA,fr;q=0.9"})
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize(
    ("path", "other"),
    [
        ("/en/", "/fr/"),
        ("/fr/", "/en/"),
        ("/en/accounts/login/", "/fr/accounts/login/"),
        ("/en/accounts/login/?next=/en/members/", "/fr/accounts/login/?next=/en/members/"),
    ],
)
def test_language_toggle_keeps_the_page(client, path, other):
    assert toggle_href(client.get(path)) == other


@pytest.mark.parametrize(
    ("path", "toggle"),
    [
        ("/en/", '<a href="/fr/" lang="fr" hreflang="fr">Français</a>'),
        ("/fr/", '<a href="/en/" lang="en" hreflang="en">English</a>'),
    ],
)
def test_language_toggle_reads_the_other_languages_name(client, path, toggle):
    """« Français » on English pages, "English" on French ones: the link's whole text and accessible name."""
    html = client.get(path).content.decode()
    assert re.search(r'<div class="lang-toggle">\s*(<a [^>]*>[^<]*</a>)', html).group(1) == toggle


def test_language_toggle_translates_translated_paths(member_client):
    assert toggle_href(member_client.get("/en/members/profile/")) == "/fr/members/profil/"
    assert toggle_href(member_client.get("/fr/members/profil/")) == "/en/members/profile/"


@pytest.mark.parametrize("path", ["/de/", "/xx/accounts/login/", "/en/no-such-page/", "/english/"])
def test_unknown_language_prefix_or_page_is_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404


def test_pages_send_a_content_security_policy(client):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
