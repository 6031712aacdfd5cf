"""Leaving a workshop from My events asks first, says the seat may go to the waitlist at once, and
leaves only on confirmation; "Keep my place" changes nothing. Once per official language, axe on
every state."""

import pytest
from playwright.sync_api import expect

from events.models import Event, WorkshopChoice
from events.services import registration as signups
from tests.events.factories import EventFactory, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "mine": "/en/events/my-events/",
        "leave": "Leave Coaching circles",
        "question": "Leave the workshop “Coaching circles”?",
        "warning": "Your seat may go to the next person on the waitlist at once",
        "keep": "Keep my place",
        "confirm": "Leave the workshop",
        "left": "You left “Coaching circles”.",
        "seat": "Seat confirmed",
    },
    "fr": {
        "mine": "/fr/evenements/mes-evenements/",
        "leave": "Quitter Cercles de coaching",
        "question": "Quitter l'atelier «\u00a0Cercles de coaching\u00a0»\u202f?",
        "warning": "Votre place peut être attribuée aussitôt à la prochaine personne sur la liste d'attente",
        "keep": "Garder ma place",
        "confirm": "Quitter l'atelier",
        "left": "Vous avez quitté «\u00a0Cercles de coaching\u00a0».",
        "seat": "Place confirmée",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_leave_a_workshop_asks_first_then_gives_the_seat_to_the_waitlist(visitor_factory, language):
    t = TEXT[language]
    event = EventFactory(status=Event.Status.PUBLISHED)
    circles = workshop(event, 13, title_en="Coaching circles", title_fr="Cercles de coaching", capacity=1)
    member = UserFactory(full_name="Maya Singh", preferred_language=language)
    registration = signups.register(event=event, member=member)
    signups.choose_workshops(registration=registration, sessions=[circles])
    waiting = signups.register(event=event, member=UserFactory())
    signups.choose_workshops(registration=waiting, sessions=[circles])

    v = visitor_factory(f"leave-workshop-{language}", "fr-CA" if language == "fr" else "en-CA")
    v.sign_in(member)
    v.goto(t["mine"])

    # Asked first; keeping the place changes nothing.
    v.page.get_by_role("link", name=t["leave"]).click()
    v.check("asked first")
    expect(v.page.get_by_role("heading", level=1)).to_have_text(t["question"])
    expect(v.page.get_by_text(t["warning"])).to_be_visible()
    v.page.get_by_role("link", name=t["keep"]).click()
    v.check("kept")
    expect(v.page.locator(".my-workshops")).to_contain_text(t["seat"])
    assert registration.choices.get().status == "confirmed"
    assert waiting.choices.get().status == "waitlisted"

    # Confirmed: the member leaves and the next person on the waitlist has the seat at once.
    v.page.get_by_role("link", name=t["leave"]).click()
    v.check("asked again")
    v.page.get_by_role("button", name=t["confirm"]).click()
    v.check("left")
    expect(v.page.get_by_role("status").first).to_contain_text(t["left"])
    assert not WorkshopChoice.objects.filter(registration=registration).exists()
    assert waiting.choices.get().status == "confirmed"
