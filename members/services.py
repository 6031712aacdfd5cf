"""Everything that changes a member's account."""

from allauth.account.models import EmailAddress
from django.contrib.auth import logout
from django.db import transaction

from nmc_portal.models import BarrierReport
from nmc_portal.privacy import notice_record

from .models import new_calendar_token
from .queries import exported_sections


def update_profile(*, member, form):
    """Save a validated ProfileForm for `member`."""
    form.instance = member
    return form.save()


def reset_calendar_token(*, member):
    """A new calendar feed address for `member`: the old one stops answering at once."""
    member.calendar_token = new_calendar_token()
    member.save(update_fields=["calendar_token"])
    return member


def export_member_data(*, member):
    """Everything the portal holds about a member, as JSON-ready data."""
    data = {
        "profile": {
            "email": member.email,
            "full_name": member.full_name,
            "department": member.department,
            "department_name": member.department_name,
            "region": member.region,
            "position": member.position,
            "preferred_language": member.preferred_language,
            "directory_visible": member.directory_visible,
            "interests": sorted(member.interests.names()),
            "notify_replies": member.notify_replies,
            "community_digest": member.community_digest,
            "event_followups": member.event_followups,
            "needs_answered": member.needs_answered,
            "date_joined": member.date_joined.isoformat(),
            "last_login": member.last_login.isoformat() if member.last_login else None,
        },
        "privacy_notices_accepted": [notice_record(member.privacy_notice)] if member.privacy_notice else [],
        "accessibility_reports": [
            {
                "kind": report.kind,
                "page": report.page,
                "description": report.description,
                "status": report.status,
                "created_at": report.created_at.isoformat(),
            }
            for report in BarrierReport.objects.filter(reporter=member).order_by("created_at", "id")
        ],
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=member).order_by("email")
        ],
    }
    data.update(exported_sections(member))
    return data


@transaction.atomic
def delete_account(*, request, member):
    """Delete the member at their request, and sign them out."""
    logout(request)
    erase_member(member)


@transaction.atomic
def erase_member(member):
    """Erase a member's account. Rows that count attendance keep their counts with no link to the person
    (their foreign keys are SET_NULL); the profile, addresses and sessions go."""
    member.delete()
