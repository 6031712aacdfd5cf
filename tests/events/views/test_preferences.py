"""The preference round's pages: a member ranks workshops; the organizers set the window and read the
outcome; the normal workshop pages send members to the ranking while a round decides."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import PreferenceRound, WorkshopChoice, WorkshopRanking
from events.services import preferences as rounds
from tests.events.factories import EventFactory, RegistrationFactory, workshop
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, count_queries, page_text

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def world():
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer], capacity=100, max_workshops_per_person=2)
    morning = [
        workshop(event, 9, title_en="Coaching", title_fr="Accompagnement", capacity=2),
        workshop(event, 9, title_en="Budgets", title_fr="Budgets", capacity=2),
    ]
    afternoon = [workshop(event, 13, title_en="Data", title_fr="Données", capacity=2)]
    round_ = rounds.set_preference_round(
        event=event, opens_at=NOW - dt.timedelta(hours=1), closes_at=NOW + dt.timedelta(hours=71)
    )
    registration = RegistrationFactory(event=event)
    return {
        "event": event,
        "organizer": organizer,
        "round": round_,
        "morning": morning,
        "afternoon": afternoon,
        "registration": registration,
        "member": registration.user,
    }


def rank_url(event, language="en"):
    with translation.override(language):
        return reverse("events:rank_workshops", kwargs={"slug": event.slug})


def round_url(event, language="en"):
    with translation.override(language):
        return reverse("events:preference_round", kwargs={"slug": event.slug})


def close(round_):
    PreferenceRound.objects.filter(pk=round_.pk).update(
        opens_at=NOW - dt.timedelta(hours=73), closes_at=NOW - dt.timedelta(minutes=1)
    )


def test_urls_in_both_languages(world):
    event = world["event"]
    assert rank_url(event) == f"/en/events/{event.slug}/workshops/rank/"
    assert rank_url(event, "fr") == f"/fr/evenements/{event.slug}/ateliers/classer/"
    assert round_url(event, "fr") == f"/fr/evenements/gerer/{event.slug}/ronde-de-preferences/"


def test_a_member_ranks_workshops_and_a_double_submit_is_harmless(client, world):
    client.force_login(world["member"])
    coaching, budgets = world["morning"]
    data = {
        "slot0_choice1": budgets.pk,
        "slot0_choice2": coaching.pk,
        "slot1_choice1": world["afternoon"][0].pk,
    }
    for _twice in range(2):
        response = client.post(rank_url(world["event"]), data)
        assert response.status_code == 302
        assert response["Location"] == rank_url(world["event"])
    assert sorted(WorkshopRanking.objects.values_list("session__title_en", "rank")) == [
        ("Budgets", 1),
        ("Coaching", 2),
        ("Data", 1),
    ]
    page = client.get(rank_url(world["event"]))
    text = page_text(page.content.decode())
    assert "Your ranking is saved. Nothing is assigned until the ranking closes." in text
    assert f'<option value="{budgets.pk}" selected>Budgets</option>' in page.content.decode()
    assert WorkshopChoice.objects.count() == 0


def test_a_workshop_chosen_twice_gets_its_message_next_to_the_field_and_nothing_is_saved(client, world):
    client.force_login(world["member"])
    coaching, _budgets = world["morning"]
    response = client.post(
        rank_url(world["event"]), {"slot0_choice1": coaching.pk, "slot0_choice2": coaching.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_slot0_choice2_error"' in html
    assert "You already chose this workshop as choice 1: choose another one or none." in page_text(html)
    assert 'aria-invalid="true"' in html
    assert WorkshopRanking.objects.count() == 0


def test_a_workshop_of_another_slot_or_a_made_up_value_is_refused_in_french(client, world):
    client.force_login(world["member"])
    response = client.post(
        rank_url(world["event"], "fr"),
        {"slot0_choice1": world["afternoon"][0].pk, "slot1_choice1": "<script>alert(1)</script>"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_slot0_choice1_error"' in html and 'id="id_slot1_choice1_error"' in html
    assert "Sélectionnez un choix valide" in html
    assert "<script>alert(1)</script>" not in html
    assert WorkshopRanking.objects.count() == 0


def test_the_ranking_page_is_for_registrants_and_says_when_the_round_is_closed(client, world):
    assert client.get(rank_url(world["event"])).status_code == 302  # sign in first
    client.force_login(UserFactory())
    assert client.get(rank_url(world["event"])).status_code == 404  # not registered
    client.force_login(world["member"])
    close(world["round"])
    response = client.post(rank_url(world["event"]), {"slot0_choice1": world["morning"][0].pk})
    assert response.status_code == 302
    text = page_text(client.get(rank_url(world["event"])).content.decode())
    assert "The ranking of workshops is not open." in text
    assert "The ranking has closed: seats are being assigned." in text
    assert WorkshopRanking.objects.count() == 0


def test_the_normal_workshop_page_sends_members_to_the_ranking_while_the_round_decides(client, world):
    client.force_login(world["member"])
    event = world["event"]
    response = client.get(reverse("events:workshops", kwargs={"slug": event.slug}))
    assert response.status_code == 302 and response["Location"] == rank_url(event)
    response = client.post(
        reverse("events:workshops", kwargs={"slug": event.slug}), {"workshops": [world["morning"][0].pk]}
    )
    assert response.status_code == 400
    assert "assigned by a preference round" in page_text(response.content.decode())
    mine = page_text(client.get(reverse("events:mine")).content.decode())
    assert "Rank my workshops (preference round)" in mine
    newcomer = UserFactory()
    client.force_login(newcomer)
    register = client.get(reverse("events:register", kwargs={"slug": event.slug})).content.decode()
    assert 'name="workshops"' not in register
    assert WorkshopChoice.objects.count() == 0


def test_my_events_and_the_ranking_page_take_the_same_queries_for_more_events_and_workshops(client, world):
    client.force_login(world["member"])
    event = world["event"]

    def grow():
        for n in range(3):
            other = EventFactory(max_workshops_per_person=1)
            workshop(other, 9)
            rounds.set_preference_round(event=other, opens_at=NOW, closes_at=NOW + dt.timedelta(days=3))
            RegistrationFactory(event=other, user=world["member"])
            workshop(event, 9, title_en=f"More {n}")
            workshop(event, 15, title_en=f"Later {n}")

    assert_constant_queries(client, reverse("events:mine"), grow)
    assert_constant_queries(client, rank_url(event), lambda: workshop(event, 9, title_en="Yet another"))


ROLES = {"member": 404, "registrant": 404, "organizer": 200}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_organizers_see_the_round_page(client, world, role):
    client.force_login(
        {"member": UserFactory(), "registrant": world["member"], "organizer": world["organizer"]}[role]
    )
    assert client.get(round_url(world["event"])).status_code == ROLES[role]
    response = client.post(round_url(world["event"]), {"action": "end"})
    assert response.status_code == (302 if role == "organizer" else 404)


def test_organizers_start_a_round_and_a_bad_window_gets_a_message_next_to_the_field(client):
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer], max_workshops_per_person=1)
    workshop(event, 9)
    client.force_login(organizer)
    page = page_text(client.get(round_url(event)).content.decode())
    assert "Workshops are assigned first come, first served." in page
    response = client.post(
        round_url(event), {"opens_at": "2029-12-01T09:00", "closes_at": "2029-11-30T09:00"}
    )
    assert response.status_code == 400
    assert 'id="id_closes_at_error"' in response.content.decode()
    assert "The ranking must close after it opens." in page_text(response.content.decode())
    assert not PreferenceRound.objects.exists()
    response = client.post(
        round_url(event), {"opens_at": "2029-12-01T09:00", "closes_at": "2029-12-04T09:00"}
    )
    assert response.status_code == 302
    round_ = PreferenceRound.objects.get(event=event)
    # Typed in the venue's time zone (Vancouver, UTC-8 in December).
    assert (round_.opens_at, round_.closes_at) == (
        dt.datetime(2029, 12, 1, 17, 0, tzinfo=dt.UTC),
        dt.datetime(2029, 12, 4, 17, 0, tzinfo=dt.UTC),
    )
    response = client.post(round_url(event), {"action": "end"})
    assert response.status_code == 302
    assert not PreferenceRound.objects.exists()


def test_the_organizers_see_the_demand_before_and_the_outcome_by_region_after(client, world):
    event, coaching, budgets = world["event"], *world["morning"]
    quebec = RegistrationFactory(event=event, user=UserFactory(region="quebec"))
    rounds.save_rankings(registration=world["registration"], slots=[[coaching, budgets], []])
    rounds.save_rankings(registration=quebec, slots=[[coaching], [world["afternoon"][0]]])
    client.force_login(world["organizer"])
    before = page_text(client.get(round_url(event)).content.decode())
    assert "Confirmed registrants who have ranked workshops: 2 of 2." in before
    assert "Coaching2202" in before  # seats, ranked 1st, 2nd, at all
    assert "Budgets2011" in before
    close(world["round"])
    rounds.run_preference_round(round_id=world["round"].pk, seed=5)
    after = page_text(client.get(round_url(event)).content.decode())
    assert "Random seed: 5" in after
    # Region, time slots ranked, first choice, second, third or later, waitlist, nothing.
    assert "Quebec22 (100%)0000Pacific11 (100%)0000 All regions33 (100%)0000" in after
    assert "the allocation gives the same order, the same seats and the same waitlists" in after
    french = page_text(client.get(round_url(event, "fr")).content.decode())
    assert "Graine aléatoire : 5" in french


def test_the_round_page_takes_the_same_queries_before_and_after_with_more_members(client, world):
    event, coaching, budgets = world["event"], *world["morning"]
    client.force_login(world["organizer"])

    def grow():
        for region in ("quebec", "atlantic", "north"):
            registration = RegistrationFactory(event=event, user=UserFactory(region=region))
            rounds.save_rankings(registration=registration, slots=[[budgets, coaching], world["afternoon"]])
        workshop(event, 9, title_en="Another")

    rounds.save_rankings(registration=world["registration"], slots=[[coaching], []])
    assert_constant_queries(client, round_url(event), grow)
    close(world["round"])
    rounds.run_preference_round(round_id=world["round"].pk)

    # After: the outcome is recorded, so the larger data set is a second round with more members.
    client.get(round_url(event))
    small, response = count_queries(client.get, round_url(event))
    assert response.status_code == 200
    big_organizer_event = EventFactory(organizers=[world["organizer"]], max_workshops_per_person=2)
    big_workshops = [
        workshop(big_organizer_event, 9, capacity=2),
        workshop(big_organizer_event, 9, capacity=2),
    ]
    big_round = rounds.set_preference_round(
        event=big_organizer_event, opens_at=NOW - dt.timedelta(hours=1), closes_at=NOW + dt.timedelta(hours=1)
    )
    for region in ("quebec", "atlantic", "north", "pacific", "prairies", "ontario"):
        registration = RegistrationFactory(event=big_organizer_event, user=UserFactory(region=region))
        rounds.save_rankings(registration=registration, slots=[big_workshops])
    close(big_round)
    rounds.run_preference_round(round_id=big_round.pk)
    client.get(round_url(big_organizer_event))
    large, response = count_queries(client.get, round_url(big_organizer_event))
    assert response.status_code == 200
    assert large == small


def test_registering_during_a_round_leads_to_the_ranking_and_takes_no_workshops(client, world):
    event = world["event"]
    client.force_login(UserFactory())
    response = client.post(
        reverse("events:register", kwargs={"slug": event.slug}), {"workshops": [world["morning"][0].pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:workshops", kwargs={"slug": event.slug})
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == rank_url(event)
    text = page_text(page.content.decode())
    assert "Workshops for this event are assigned by a preference round" in text
    assert "Rank your workshops" in text
    assert WorkshopChoice.objects.count() == 0
