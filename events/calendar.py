"""The event's agenda as an iCalendar file (RFC 5545), times in the venue's time zone with its VTIMEZONE."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from nmc_portal.bilingual import localized


def event_calendar(event, sessions, *, language):
    calendar = Calendar()
    calendar.add("prodid", "-//National Managers' Community//NMC Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", localized(event, "title", language)[0])
    calendar.add("x-wr-timezone", event.timezone)
    stamp = timezone.now()
    venue = localized(event, "venue", language)[0]
    for session in sessions:
        item = CalendarEvent()
        item.add("uid", f"session-{session.pk}@{settings.SITE_URL.split('://')[-1].split('/')[0]}")
        item.add("dtstamp", stamp)
        # Aware datetimes in the venue's zone: written as DTSTART;TZID=America/Vancouver:...
        item.add("dtstart", event.local(session.starts_at))
        item.add("dtend", event.local(session.ends_at))
        item.add("summary", localized(session, "title", language)[0])
        description = localized(session, "description", language)[0]
        if description:
            item.add("description", description)
        room = localized(session.room, "name", language)[0] if session.room else ""
        location = ", ".join(part for part in (room, venue) if part)
        if location:
            item.add("location", location)
        item.add("url", settings.SITE_URL + session.get_absolute_url())
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
