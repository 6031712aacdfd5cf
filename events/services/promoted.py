"""The emails of a place or a workshop seat given from a waitlist: one for each promotion, recorded with
a key so it is sent once (the same whether the seat was given at once or after a held offer)."""

from nmc_portal.emails import queue_email
from nmc_portal.models import OutboundEmail


def email_place_given(event, registration):
    if registration.user_id:
        queue_email(
            kind=OutboundEmail.Kind.REGISTRATION_PROMOTED,
            recipient=registration.user,
            object_key=f"registration:{registration.pk}:{registration.confirmed_at.timestamp()}",
            template="emails/events/registration_promoted",
            context={"event": event, "registration": registration},
            topic=f"event:{event.pk}",
        )


def email_seat_given(event, session, choice):
    member = choice.registration.user
    if member is not None:
        queue_email(
            kind=OutboundEmail.Kind.WORKSHOP_PROMOTED,
            recipient=member,
            object_key=f"workshop-choice:{choice.pk}",
            template="emails/events/workshop_promoted",
            context={"event": event, "session": session, "choice": choice},
            topic=f"event:{event.pk}",
        )
