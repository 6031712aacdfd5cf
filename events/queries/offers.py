"""Reads of held waitlist offers (events.models.offers), for the offer page and My events."""

from ..models import WaitlistOffer, WorkshopChoice


def offer_for(token, member):
    """The offer of the link `token` if it is `member`'s (None otherwise), with what the page shows and
    the member's place on the waitlist while it is open (`position`): two queries."""
    offer = (
        WaitlistOffer.objects.select_related("event", "session__room", "registration")
        .filter(token=token, registration__user=member)
        .first()
    )
    if offer is None:
        return None
    offer.position = offer.registration.waitlist_position
    if offer.session_id is not None:
        offer.position = (
            WorkshopChoice.objects.filter(registration=offer.registration, session_id=offer.session_id)
            .values_list("waitlist_position", flat=True)
            .first()
        )
    return offer


def attach_open_offers(registrations):
    """Set `open_offer` on each registration and each of its prefetched workshop choices: the offer they
    hold, or None. One query, whatever the number of registrations."""
    registrations = list(registrations)
    offers = WaitlistOffer.objects.filter(
        registration__in=[r.pk for r in registrations], status=WaitlistOffer.Status.OFFERED
    )
    by_place = {(offer.registration_id, offer.session_id): offer for offer in offers}
    for registration in registrations:
        registration.open_offer = by_place.get((registration.pk, None))
        for choice in registration.choices.all():
            choice.open_offer = by_place.get((registration.pk, choice.session_id))
    return registrations


def attach_open_offers_to_waitlist(session, waitlist):
    """Set `open_offer` on each waitlisted choice of `session` (a workshop's roster): one query."""
    offers = WaitlistOffer.objects.filter(session=session, status=WaitlistOffer.Status.OFFERED)
    by_registration = {offer.registration_id: offer for offer in offers}
    for choice in waitlist:
        choice.open_offer = by_registration.get(choice.registration_id)
    return waitlist
