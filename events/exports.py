"""The events section of 'download my data' (members.queries discovers this module)."""

from django.db.models import prefetch_related_objects

from nmc_portal.privacy import notice_record

from .queries.registration import registrations_for


def member_data(member):
    registrations = list(registrations_for(member))
    prefetch_related_objects(registrations, "privacy_notice")
    return {
        "registrations": [
            {
                "event": registration.event.slug,
                "event_title": registration.event.title_en,
                "event_title_fr": registration.event.title_fr,
                "status": registration.status,
                "waitlist_position": registration.waitlist_position,
                "accessibility_needs": registration.accessibility_needs,
                "dietary_needs": registration.dietary_needs,
                "privacy_notice": notice_record(registration.privacy_notice)
                if registration.privacy_notice
                else None,
                "registered_at": registration.created_at.isoformat(),
                "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
                "checked_in_at": registration.checked_in_at.isoformat()
                if registration.checked_in_at
                else None,
                "workshops": [
                    {
                        "title": choice.session.title_en,
                        "title_fr": choice.session.title_fr,
                        "starts_at": choice.session.starts_at.isoformat(),
                        "status": choice.status,
                        "waitlist_position": choice.waitlist_position,
                    }
                    for choice in registration.choices.all()
                ],
            }
            for registration in registrations
        ]
    }
