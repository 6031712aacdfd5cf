"""Alphabetical order as a person reads it (nmc_portal.collation): « École » and « Élections » sort with E.

The suite's PostgreSQL has the ICU collations; the embedded ones the launcher starts do not, so each
order is also checked with the fallback the portal uses there (the folded text).
"""

import re

import pytest
from django.db import connection

from members.departments import department_choices
from nmc_portal import collation
from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["icu", "folded"])
def sorting(request):
    """Both ways the portal sorts: ICU collations, and the fallback of a PostgreSQL built without ICU."""
    settings = connection.settings_dict
    key = (settings["HOST"], settings["PORT"], settings["NAME"])
    if request.param == "icu":
        if not collation.has_icu_collations(connection):  # the embedded builds have none: folded covers them
            pytest.skip("this PostgreSQL was built without ICU")
    else:
        collation._icu_by_database[key] = False
    yield request.param
    collation._icu_by_database.pop(key, None)


def test_departments_sort_accented_names_with_their_letter_in_french():
    names = [name for _code, name in department_choices("fr")]
    e_names = [name for name in names if name[0] in "EÉ"]
    assert e_names == sorted(e_names, key=collation.alphabetical_key)
    assert names.index("École de la fonction publique du Canada") < names.index("Élections Canada")
    assert names.index("Élections Canada") < names.index("Emploi et Développement social Canada")
    assert names.index("Emploi et Développement social Canada") < names.index(
        "Environnement et Changement climatique Canada"
    )
    assert names[-1][0] not in "ÉÈÊ"


def test_departments_sort_by_their_english_name_on_english_pages():
    names = [name for _code, name in department_choices("en")]
    assert names == sorted(names, key=collation.alphabetical_key)
    assert names.index("Elections Canada") < names.index("Employment and Social Development Canada")


def listed_names(client, path):
    html = client.get(path).content.decode()
    return [name for name in re.findall(r">((?:Élise|Eric|Zoé|agathe|Émile)[^<]*)<", html)]


def test_directory_lists_names_accents_and_case_aside(client, sorting):
    for name in ["Zoé Aubin", "Élise Martin", "Eric Tremblay", "agathe Morin", "Émile Roy"]:
        UserFactory(full_name=name, directory_visible=True)
    client.force_login(UserFactory(full_name="Vera Viewer", directory_visible=True))
    expected = ["agathe Morin", "Élise Martin", "Émile Roy", "Eric Tremblay", "Zoé Aubin"]
    assert listed_names(client, "/fr/repertoire/") == expected
    assert listed_names(client, "/en/directory/") == expected


def community_names(client, path):
    html = client.get(path).content.decode()
    return re.findall(r'<h2[^>]*><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def test_communities_list_in_the_pages_language_order(client, sorting):
    CommunityFactory(name_en="Hybrid teams", name_fr="Équipes hybrides")
    CommunityFactory(name_en="Engagement", name_fr="Mobilisation")
    CommunityFactory(name_en="Coaching", name_fr="Coaching")
    CommunityFactory(name_en="Official languages", name_fr="Langues officielles")
    assert community_names(client, "/fr/communautes/") == [
        "Coaching",
        "Équipes hybrides",
        "Langues officielles",
        "Mobilisation",
    ]
    assert community_names(client, "/en/communities/") == [
        "Coaching",
        "Engagement",
        "Hybrid teams",
        "Official languages",
    ]
