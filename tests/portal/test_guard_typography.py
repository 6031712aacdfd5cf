"""The test-settings guard (tests/guard_typography.py) fails a French page that breaks the typography."""

import pytest
from django.http import HttpResponse

from nmc_portal.typography import NBSP, NNBSP
from tests.guard_typography import FrenchTypographyMiddleware, typography_faults_in_html

GOOD = f'<html lang="fr"><body><h1>Quitter la communauté{NNBSP}?</h1><p>Date{NBSP}: 3 mai</p></body></html>'


def french_page(html):
    return HttpResponse(html, headers={"Content-Language": "fr"})


def test_guard_fails_a_french_page_with_an_ordinary_space_before_a_colon(rf):
    guard = FrenchTypographyMiddleware(
        lambda request: french_page('<html lang="fr"><p>Date : 3 mai</p></html>')
    )
    with pytest.raises(AssertionError, match="space of the wrong kind before ':'"):
        guard(rf.get("/fr/evenements/"))


def test_guard_passes_a_french_page_that_follows_the_convention(rf):
    response = FrenchTypographyMiddleware(lambda request: french_page(GOOD))(rf.get("/fr/"))
    assert response.status_code == 200


def test_guard_leaves_english_pages_alone(rf):
    page = HttpResponse(
        '<html lang="en"><p>Leave the community?</p></html>', headers={"Content-Language": "en"}
    )
    assert FrenchTypographyMiddleware(lambda request: page)(rf.get("/en/")).status_code == 200


@pytest.mark.parametrize(
    ("html", "faults"),
    [
        ("<p>Quitter?</p>", ["'Quitter?': no space before '?': write a narrow no-break space (U+202F)"]),
        (
            "<p>l’équipe organisatrice</p>",
            ["'l’équipe org': typographic apostrophe: write the straight apostrophe (')"],
        ),
        # &nbsp; in a template is the right space.
        ("<p>Discussion «&nbsp;Budget&nbsp;»</p>", []),
        # English text on a French page, and what members typed, are theirs.
        ('<p lang="en">Leave the community?</p>', []),
        ("<div data-typed><p>Des idées?</p></div><textarea>Bonjour!</textarea>", []),
        # The guillemets around a skipped title are still the portal's.
        (
            '<p>Discussion « <span lang="en">Budget</span> »</p>',
            [
                "'Discussion « … »': a space of the wrong kind after '«': write a no-break space (U+00A0)",
                "'Discussion « … »': a space of the wrong kind before '»': write a no-break space (U+00A0)",
            ],
        ),
        # Tags split the text: the sign after an element still needs its space.
        (
            "<p><strong>Lieu</strong>: en ligne</p>",
            ["'Lieu: en ligne': no space before ':': write a no-break space (U+00A0)"],
        ),
    ],
)
def test_guard_reads_the_french_interface_text(html, faults):
    assert typography_faults_in_html(f'<html lang="fr"><body>{html}</body></html>') == faults


def test_french_pages_of_the_suite_pass_the_guard(client):
    """The guard is on in the test settings: a French page that breaks the convention would answer 500."""
    response = client.get("/fr/")
    assert response.status_code == 200
    assert typography_faults_in_html(response.content.decode()) == []
