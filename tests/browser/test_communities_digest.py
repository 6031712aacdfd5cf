"""Leaving the weekly digest from its email link, signed out, in each official language.

Driven by role and label; axe runs on every page visited.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from communities import services
from nmc_portal.templatetags.privacy import mask_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "question": "Stop sending the weekly digest of new discussions to {email}?",
        "button": "Stop the weekly digest",
        "done": "Done: {email} will no longer receive the weekly digest.",
        "invalid": "This link does not work",
    },
    "fr": {
        "question": "Cesser d'envoyer le résumé hebdomadaire des nouvelles discussions à {email}\u202f?",
        "button": "Cesser l'envoi du résumé hebdomadaire",
        "done": "C'est fait\u00a0: {email} ne recevra plus le résumé hebdomadaire.",
        "invalid": "Ce lien ne fonctionne pas",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_signed_out_member_leaves_the_digest_from_the_email_link(visitor_factory, language):
    t = TEXT[language]
    member = UserFactory(preferred_language=language, full_name="Claire Roy")
    with translation.override(language):
        path = reverse(
            "communities:digest_unsubscribe", kwargs={"token": services.digest_unsubscribe_token(member)}
        )
    visitor = visitor_factory(f"digest-{language}", "fr-CA" if language == "fr" else "en-CA")
    visitor.goto(path)
    masked = mask_email(member.email)  # whoever holds the link does not learn the address
    assert visitor.page.get_by_text(t["question"].format(email=masked)).is_visible()
    assert member.email not in visitor.page.content()
    visitor.page.get_by_role("button", name=t["button"]).click()
    visitor.check("digest stopped")
    assert t["done"].format(email=masked) in visitor.page.get_by_role("status").inner_text()
    member.refresh_from_db()
    assert member.community_digest is False

    response = visitor.goto(path[:-3] + "xx/")
    assert response.status == 400
    assert visitor.page.get_by_role("heading", level=1).inner_text() == t["invalid"]
