"""The English-on-French check itself (tests/guard_english.py) catches what it must and only that."""

import pytest

from tests.guard_english import english_in_french, french_in_english, phrases_of

pytestmark = pytest.mark.django_db

FRENCH_PAGE = """<!DOCTYPE html><html lang="fr"><head><title>{title} – Portail de la CNG</title></head>
<body><main><h1>{heading}</h1><p>Bienvenue, Camille.</p>{extra}</main></body></html>"""


def french_page(title="Mon compte", heading="Mon compte", extra=""):
    return FRENCH_PAGE.format(title=title, heading=heading, extra=extra)


def test_a_french_page_in_french_passes():
    assert english_in_french(french_page()) == []


@pytest.mark.parametrize(
    ("page", "found"),
    [
        (french_page(heading="My account"), ["my account"]),
        (french_page(title="Sign in"), ["sign in"]),
        (french_page(extra='<a href="/fr/" aria-label="Main menu">Accueil</a>'), ["main menu"]),
        (french_page(extra='<input type="search" placeholder="Search">'), ["search"]),
        (french_page(extra='<img src="a.png" alt="Email">'), ["email"]),
        (french_page(extra='<input type="submit" value="Save">'), ["save"]),
        (french_page(extra="<p>Your profile was saved.</p>"), ["your profile was saved"]),
    ],
)
def test_english_interface_text_on_a_french_page_is_found(page, found):
    assert english_in_french(page) == found


def test_english_marked_as_english_on_a_french_page_is_content():
    page = french_page(extra='<blockquote lang="en"><p>My account was saved. Sign in.</p></blockquote>')
    assert english_in_french(page) == []


def test_a_phrase_inside_a_longer_word_or_address_is_not_english_text():
    page = french_page(extra="<p>Écrivez à sign.in@tc.gc.ca ou myaccount.gc.ca</p>")
    assert english_in_french(page) == []


def test_a_french_page_the_portal_renders_passes_and_fails_with_english_put_in(client):
    html = client.get("/fr/accounts/login/").content.decode()
    assert english_in_french(html) == []
    assert english_in_french(html.replace("Mot de passe oublié", "Forgot your password")) == [
        "forgot your password"
    ]


def test_french_interface_text_on_an_english_page_is_found():
    page = '<html lang="en"><body><h1>My account</h1><p>Mon compte</p><p lang="fr">Mon compte</p></body>'
    assert french_in_english(page) == ["mon compte"]


def test_a_message_cut_by_a_placeholder_needs_three_words_to_count():
    assert phrases_of("Welcome to %(name)s") == set()
    assert phrases_of("Sign in") == {"Sign in"}
    assert phrases_of("Reply %(number)s in the discussion “%(title)s”") == {"in the discussion"}
