"""The events section of 'download my data' (members.queries discovers this module)."""

from django.db.models import Prefetch, prefetch_related_objects

from nmc_portal.privacy import notice_record

from .models import CheckInHelper, WaitlistOffer, WorkshopAttendance, WorkshopRanking
from .queries.registration import registrations_for


def member_data(member):
    registrations = list(registrations_for(member))
    rankings = WorkshopRanking.objects.select_related("session").order_by("session__starts_at", "rank", "pk")
    attendances = WorkshopAttendance.objects.select_related("session").order_by("session__starts_at", "pk")
    offers = WaitlistOffer.objects.select_related("session").order_by("offered_at", "pk")
    prefetch_related_objects(
        registrations,
        "privacy_notice",
        Prefetch("rankings", queryset=rankings),
        Prefetch("attendances", queryset=attendances),
        Prefetch("offers", queryset=offers),
    )
    helping = CheckInHelper.objects.filter(user=member).select_related("event").order_by("created_at", "pk")
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
                # The workshops an organizer or a check-in helper marked them present at.
                "workshop_attendance": [
                    {
                        "title": attendance.session.title_en,
                        "title_fr": attendance.session.title_fr,
                        "marked_at": attendance.marked_at.isoformat(),
                    }
                    for attendance in registration.attendances.all()
                ],
                # Places offered to them from a waitlist, and what became of each offer.
                "waitlist_offers": [
                    {
                        "workshop": offer.session.title_en if offer.session else None,
                        "workshop_fr": offer.session.title_fr if offer.session else None,
                        "status": offer.status,
                        "offered_at": offer.offered_at.isoformat(),
                        "answer_by": offer.expires_at.isoformat(),
                        "answered_at": offer.answered_at.isoformat() if offer.answered_at else None,
                    }
                    for offer in registration.offers.all()
                ],
            }
            for registration in registrations
        ],
        # Events where an organizer named them to mark attendance.
        "check_in_helper_for": [
            {"event": helper.event.slug, "since": helper.created_at.isoformat()} for helper in helping
        ],
    }
