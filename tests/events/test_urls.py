"""The organizer pages sit under one translated manage/<slug>/: their paths did not change."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.events.factories import EventFactory
from tests.factories import UserFactory

ORGANIZER_PATHS = [
    ("builder", {}, "/en/events/manage/forum/", "/fr/evenements/gerer/forum/"),
    ("room_add", {}, "/en/events/manage/forum/rooms/new/", "/fr/evenements/gerer/forum/salles/nouvelle/"),
    (
        "session_move",
        {"pk": 7},
        "/en/events/manage/forum/sessions/7/move/",
        "/fr/evenements/gerer/forum/seances/7/deplacer/",
    ),
    (
        "speaker_remove",
        {"pk": 7},
        "/en/events/manage/forum/speakers/7/remove/",
        "/fr/evenements/gerer/forum/conferenciers/7/retirer/",
    ),
    (
        "registrations_csv",
        {},
        "/en/events/manage/forum/registrations/export.csv",
        "/fr/evenements/gerer/forum/inscriptions/export.csv",
    ),
    (
        "choice_cancel_for",
        {"pk": 7},
        "/en/events/manage/forum/choices/7/cancel/",
        "/fr/evenements/gerer/forum/choix/7/annuler/",
    ),
    (
        "check_in_count",
        {},
        "/en/events/manage/forum/check-in/count/",
        "/fr/evenements/gerer/forum/accueil/compte/",
    ),
    ("emails", {}, "/en/events/manage/forum/emails/", "/fr/evenements/gerer/forum/courriels/"),
    (
        "dashboard",
        {},
        "/en/events/manage/forum/dashboard/",
        "/fr/evenements/gerer/forum/tableau-de-bord/",
    ),
    ("unpublish", {}, "/en/events/manage/forum/unpublish/", "/fr/evenements/gerer/forum/depublier/"),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "english", "french"), ORGANIZER_PATHS, ids=[p[0] for p in ORGANIZER_PATHS]
)
def test_organizer_path_is_the_same_in_both_languages(name, kwargs, english, french):
    paths = {}
    for language in ("en", "fr"):
        with translation.override(language):
            paths[language] = reverse(f"events:{name}", kwargs={"slug": "forum", **kwargs})
    assert paths == {"en": english, "fr": french}


def test_french_organizer_path_opens_the_page(client, db):
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer])
    client.force_login(organizer)
    response = client.get(f"/fr/evenements/gerer/{event.slug}/salles/nouvelle/")
    assert response.status_code == 200
