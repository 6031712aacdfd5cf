"""The account pages speak like the rest of the portal: Canadian French (courriel, « Se connecter »,
« Créer un compte ») and English sentence case, over django-allauth's own wording."""

import re
from html import unescape

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    """What a person reads: the page without its tags and attribute values."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/fr/accounts/login/", ["Se connecter", "Courriel", "Garder ma session ouverte"]),
        ("/fr/accounts/signup/", ["Créer un compte", "Courriel"]),
        ("/fr/accounts/password/reset/", ["adresse courriel"]),
        ("/en/accounts/login/", ["Sign in", "Remember me"]),
        ("/en/accounts/signup/", ["Sign up"]),
    ],
)
def test_account_pages_use_the_portals_wording(client, path, expected):
    text = text_of(client.get(path))
    for words in expected:
        assert words in text
    assert not re.search(r"\b[Ee]-mail\b", text)
    assert "Sign In" not in text and "Remember Me" not in text and "Création de compte" not in text


def test_french_wrong_password_message_is_canadian(client):
    UserFactory(email="quelquun@tc.gc.ca")
    response = client.post("/fr/accounts/login/", {"login": "quelquun@tc.gc.ca", "password": "pas-le-bon"})
    assert "L'adresse courriel ou le mot de passe est incorrect." in text_of(response)


def test_french_verification_page_after_signing_up(client):
    data = {
        "full_name": "Camille Roy",
        "email": "camille.roy@tc.gc.ca",
        "preferred_language": "fr",
        "password1": "une-phrase-de-passe-2026",
        "password2": "une-phrase-de-passe-2026",
    }
    page = client.post("/fr/accounts/signup/", data, follow=True)
    text = text_of(page)
    assert "Vérifiez votre adresse courriel" in text
    assert not re.search(r"\b[Ee]-mail\b", text)
    assert len(mail.outbox) == 1
    assert not re.search(r"\b[Ee]-mail\b", mail.outbox[0].subject + mail.outbox[0].body)


def test_account_pages_look_like_the_portal_one_main_action_badges_and_a_way_back(client):
    """allauth's elements drawn our way: the email list's badges apart, one primary action, the
    removal in red, a link back to My account, and room between a form's buttons and what follows."""
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    member = UserFactory()
    EmailAddress.objects.create(user=member, email="second@tc.gc.ca", verified=False, primary=False)
    client.force_login(member)
    page = client.get("/fr/accounts/email/").content.decode()
    assert '<span class="badge badge-success">' in page and '<span class="badge badge-warning">' in page
    assert 'class="button button-danger"' in page and 'name="action_remove"' in page
    assert 'class="button button-secondary"' in page  # resend the verification
    assert '<li><a href="/fr/members/">Mon compte</a></li>' in page
    reset = client.get("/fr/accounts/password/reset/").content.decode()
    assert '<div class="actions">' in reset
