"""Events in other people's calendars and sites: a member's private calendar feed, and the public
feeds (iCalendar and JSON) of upcoming events that departments list on their own sites.

Each feed is built from a fixed number of queries whatever the number of events or sessions, and
times are written in the venue's time zone (with its VTIMEZONE in iCalendar, its offset in JSON).
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.cache import cache
from django.db.models import Count, Max, Min, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from nmc_portal.bilingual import localized

from .models import Event, Partner, Registration, Session, WorkshopChoice

FEED_CACHE_SECONDS = 300


def _host():
    return settings.SITE_URL.split("://")[-1].split("/")[0]


def _calendar(name, language):
    calendar = Calendar()
    calendar.add("prodid", f"-//National Managers' Community//NMC Portal//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _session_item(session, event, language, stamp):
    item = CalendarEvent()
    item.add("uid", f"session-{session.pk}@{_host()}")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.local(session.starts_at))
    item.add("dtend", event.local(session.ends_at))
    title = localized(session, "title", language)[0]
    item.add("summary", f"{title} – {localized(event, 'title', language)[0]}")
    description = localized(session, "description", language)[0]
    if description:
        item.add("description", description)
    room = localized(session.room, "name", language)[0] if session.room else ""
    location = ", ".join(part for part in (room, localized(event, "venue", language)[0]) if part)
    if location:
        item.add("location", location)
    item.add("url", settings.SITE_URL + session.get_absolute_url())
    return item


def _whole_event_item(event, language, stamp, *, status="CONFIRMED", note=""):
    """The event as all-day dates (no agenda yet, or a place on its waitlist)."""
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{_host()}")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.start_date)
    item.add("dtend", event.end_date + timezone.timedelta(days=1))  # DTEND of a date is exclusive
    title = localized(event, "title", language)[0]
    item.add("summary", f"{title} ({note})" if note else title)
    item.add("status", status)
    if event.has_venue:
        item.add("location", localized(event, "venue", language)[0])
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    return item


# A member's own calendar ------------------------------------------------------------------------


def member_calendar(member):
    """Every event the member is registered for and has not ended more than a month ago: the
    agenda they attend (all but workshops, plus their confirmed workshops) when confirmed, the
    event's dates marked tentative when waitlisted. Three queries; in the member's language."""
    language = member.preferred_language
    since = timezone.localdate() - timezone.timedelta(days=31)
    registrations = list(
        Registration.objects.filter(
            user=member,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            event__status__in=[Event.Status.PUBLISHED, Event.Status.COMPLETED],
            event__end_date__gte=since,
        )
        .select_related("event")
        .order_by("event__start_date", "pk")
    )
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    sessions = defaultdict(list)
    if confirmed:
        mine = WorkshopChoice.objects.filter(
            registration__in=confirmed, status=WorkshopChoice.Status.CONFIRMED
        ).values("session_id")
        for session in (
            Session.objects.filter(event__in=[r.event_id for r in confirmed])
            .filter(~Q(kind=Session.Kind.WORKSHOP) | Q(pk__in=mine))
            .select_related("room")
            .order_by("starts_at", "pk")
        ):
            sessions[session.event_id].append(session)
    with translation.override(language):
        calendar = _calendar(translation.gettext("My NMC events"), language)
        waitlisted = translation.gettext("waitlist")
    stamp = timezone.now()
    for registration in registrations:
        event = registration.event
        if registration.status == Registration.Status.WAITLISTED:
            item = _whole_event_item(event, language, stamp, status="TENTATIVE", note=waitlisted)
            calendar.add_component(item)
        elif sessions[event.pk]:
            for session in sessions[event.pk]:
                session.event = event  # its address names the event: no query per session
                calendar.add_component(_session_item(session, event, language, stamp))
        else:
            calendar.add_component(_whole_event_item(event, language, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


# The public feeds of upcoming events ------------------------------------------------------------


def upcoming_public_events(today=None):
    """Published events that have not ended, with their first and last session, the languages of
    their sessions and their hosting partners: two queries."""
    today = today or timezone.localdate()
    return list(
        Event.objects.filter(status=Event.Status.PUBLISHED, end_date__gte=today)
        .annotate(
            first_start=Min("sessions__starts_at"),
            last_end=Max("sessions__ends_at"),
            session_languages=ArrayAgg("sessions__language", distinct=True, default=[]),
        )
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name_en")))
        .order_by("start_date", "title_en")
    )


def feed_version(today=None):
    """What the public feeds depend on, read in one query: a changed event is a new version."""
    today = today or timezone.localdate()
    summary = Event.objects.filter(status=Event.Status.PUBLISHED, end_date__gte=today).aggregate(
        count=Count("pk"), changed=Max("updated_at")
    )
    changed = summary["changed"].timestamp() if summary["changed"] else 0
    return f"{today.isoformat()}:{summary['count']}:{changed}"


def cached_feed(kind, language, build):
    """The feed body from the cache, rebuilt when any upcoming event changed (or after five minutes)."""
    key = f"events:feed:{kind}:{language}:{feed_version()}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, FEED_CACHE_SECONDS)
    return body


def _languages(event):
    """The languages an event is offered in: those of its sessions (bilingual is both), else those its
    title is written in."""
    found = set()
    for language in event.session_languages or []:
        found.update(("en", "fr") if language == Session.Language.BILINGUAL else (language,))
    if not found:
        found = {"en"} | ({"fr"} if event.title_fr else set())
    return sorted(found)


def _register_url(event, language):
    with translation.override(language):
        return settings.SITE_URL + reverse("events:register", kwargs={"slug": event.slug})


def public_events_json(language):
    events = []
    for event in upcoming_public_events():
        starts = event.local(event.first_start) if event.first_start else None
        ends = event.local(event.last_end) if event.last_end else None
        with translation.override(language):
            url = settings.SITE_URL + event.get_absolute_url()
        events.append(
            {
                "id": event.slug,
                "title": localized(event, "title", language)[0],
                "description": localized(event, "description", language)[0],
                "kind": event.kind,
                "start_date": event.start_date.isoformat(),
                "end_date": event.end_date.isoformat(),
                "starts_at": starts.isoformat() if starts else None,
                "ends_at": ends.isoformat() if ends else None,
                "time_zone": event.timezone,
                "venue": localized(event, "venue", language)[0],
                "online": event.is_online,
                "languages": _languages(event),
                "region": event.region,
                "hosting_partners": [
                    {
                        "name": localized(partner, "name", language)[0],
                        "acronym": localized(partner, "acronym", language)[0],
                        "website": partner.website,
                    }
                    for partner in event.partners.all()
                ],
                "url": url,
                "registration_url": _register_url(event, language),
            }
        )
    return {"language": language, "generated_at": timezone.now().isoformat(), "events": events}


def public_events_calendar(language):
    with translation.override(language):
        calendar = _calendar(translation.gettext("NMC events"), language)
    stamp = timezone.now()
    for event in upcoming_public_events():
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}@{_host()}")
        item.add("dtstamp", stamp)
        if event.first_start:
            item.add("dtstart", event.local(event.first_start))
            item.add("dtend", event.local(event.last_end))
        else:
            item.add("dtstart", event.start_date)
            item.add("dtend", event.end_date + timezone.timedelta(days=1))
        item.add("summary", localized(event, "title", language)[0])
        description = localized(event, "description", language)[0]
        if description:
            item.add("description", description)
        if event.has_venue:
            item.add("location", localized(event, "venue", language)[0])
        with translation.override(language):
            item.add("url", settings.SITE_URL + event.get_absolute_url())
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
