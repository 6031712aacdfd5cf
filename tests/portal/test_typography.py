"""French typography (nmc_portal/typography.py): each fault named, the fix applying the convention."""

import pytest

from nmc_portal.typography import NBSP, NNBSP, fix_typography, typography_faults


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Date : 3 mai", f"Date{NBSP}: 3 mai"),
        ("Date: 3 mai", f"Date{NBSP}: 3 mai"),
        ("Quitter %(name)s?", f"Quitter %(name)s{NNBSP}?"),
        ("Attention !", f"Attention{NNBSP}!"),
        ("une ligne ; une autre", f"une ligne{NNBSP}; une autre"),
        ("Discussion « %(title)s »", f"Discussion «{NBSP}%(title)s{NBSP}»"),
        ("Retirer «%(title)s»?", f"Retirer «{NBSP}%(title)s{NBSP}»{NNBSP}?"),
        ("l’équipe organisatrice", "l'équipe organisatrice"),
        ("Le guide “Budget”", f"Le guide «{NBSP}Budget{NBSP}»"),
        ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
    ],
)
def test_fix_typography_applies_the_convention(text, fixed):
    assert typography_faults(text) != []
    assert fix_typography(text) == fixed
    assert typography_faults(fixed) == []


@pytest.mark.parametrize(
    "text",
    [
        "https://www.canada.ca/fr.html",
        "<slug:slug>/discussions/<int:pk>/",
        "/fr/connexion/?next=/fr/evenements/",
        "13:15",
        'Veuillez confirmer <a href="mailto:%(email)s">%(email)s</a>.',
        ": le début est dans une autre chaîne",
        "[un lien](https://exemple.gc.ca)",
    ],
)
def test_typography_leaves_what_is_not_punctuation(text):
    assert typography_faults(text) == []
    assert fix_typography(text) == text


def test_typography_fault_names_the_place_and_the_remedy():
    assert [str(fault) for fault in typography_faults("Annuler votre inscription?")] == [
        "'Annuler votre inscription?': no space before '?': write a narrow no-break space (U+202F)"
    ]
