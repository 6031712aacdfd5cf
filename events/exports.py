"""The events section of 'download my data' (members.queries discovers this module)."""

from django.db.models import Prefetch, prefetch_related_objects

from nmc_portal.privacy import notice_record

from .models import WorkshopRanking
from .queries.registration import registrations_for


def member_data(member):
    registrations = list(registrations_for(member))
    rankings = WorkshopRanking.objects.select_related("session").order_by("session__starts_at", "rank", "pk")
    prefetch_related_objects(registrations, "privacy_notice", Prefetch("rankings", queryset=rankings))
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
                # A preference round's ranking: the workshops of each time slot, most wanted first.
                "workshop_rankings": [
                    {
                        "title": ranking.session.title_en,
                        "title_fr": ranking.session.title_fr,
                        "starts_at": ranking.session.starts_at.isoformat(),
                        "rank": ranking.rank,
                    }
                    for ranking in registration.rankings.all()
                ],
            }
            for registration in registrations
        ]
    }
