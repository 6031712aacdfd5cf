"""Pages anyone may read: the list of events, an event, its agenda, a session, the agenda as iCalendar.

Thin views: read the input, call one query, render.
"""

from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views import View

from learning.models import Resource
from learning.queries import resources_for_event
from members.rules import is_member
from nmc_portal import pagecache
from nmc_portal.bilingual import current_language
from surveys.queries import open_consultations

from .. import extras
from ..calendar import event_calendar
from ..forms import AgendaFilterForm, EventFilterForm
from ..models import Event, Partner, Session
from ..queries.agenda import agenda_for, public_events, session_on_agenda, sessions_for
from ..queries.registration import registration_status_of
from ..services.registration import registration_changes_at, registration_open
from .mixins import EventMixin

EVENTS_PER_PAGE = 20

# What the events list shows of every event (and updated_at, which services, the admin and agenda changes
# renew), and the consultations open now: the list's version, whatever the filters.
EVENTS_LIST_VERSION = pagecache.Fingerprint(
    lambda now: (
        Event.objects.values(
            "pk",
            "updated_at",
            "status",
            "title_en",
            "title_fr",
            "start_date",
            "end_date",
            "venue_en",
            "venue_fr",
        ),
        open_consultations(now).values("pk", "title_en", "title_fr", "event_id"),
    ),
    datetime,
)
# What the event page shows, found by the event's address so that a visitor's page comes from the page
# cache in this one query: the event's own row, partners, the agenda's span, open consultations, materials
# (with their tags).
EVENT_COLUMNS = [field.attname for field in Event._meta.concrete_fields if not field.generated]
EVENT_PAGE_VERSION = pagecache.Fingerprint(
    lambda slug, now: (
        Event.objects.filter(slug=slug).values(*EVENT_COLUMNS),
        Partner.objects.filter(events__slug=slug).order_by("pk").values(),
        Session.objects.filter(event__slug=slug)
        .values("event")
        .annotate(first=Min("starts_at"), last=Max("ends_at"))
        .values("first", "last"),
        open_consultations(now).filter(event__slug=slug).values("pk", "title_en", "title_fr"),
        Resource.objects.filter(event__slug=slug).values(
            "pk",
            "updated_at",
            "audience",
            "kind",
            "language",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "community_id",
            "tags__name",
        ),
    ),
    str,
    datetime,
)


def event_list(request):
    """Upcoming events soonest first (or past ones, most recent first), filtered by region and kind."""
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    past = request.GET.get("when") == "past"
    events = public_events(region=filters.get("region", ""), kind=filters.get("kind", ""), past=past)

    def page():
        page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
        context = {"form": form, "page": page, "past": past, "consultations": open_consultations()}
        return render(request, "events/list.html", context)

    if not pagecache.is_cacheable(request):
        return page()
    version = EVENTS_LIST_VERSION(timezone.now())
    key = ("events", timezone.localdate(), version, current_language(), request.get_full_path())
    return pagecache.cached_page(request, key, page)


class EventDetailView(EventMixin, View):
    """The parts that are the same for everyone (summary, consultations, materials) are kept per version
    of what they show; a visitor who is not signed in gets the whole page from the page cache, found by
    the version of everything it shows (one query: nothing else is loaded)."""

    def dispatch(self, request, *args, **kwargs):
        self.now = timezone.now()
        self.version = EVENT_PAGE_VERSION(kwargs["slug"], self.now)
        self.page_key = ("event", kwargs["slug"], self.version, current_language(), request.get_full_path())
        kept = pagecache.kept_page(request, self.page_key, self.now)
        return kept if kept is not None else super().dispatch(request, *args, **kwargs)

    def get(self, request):
        event, now = self.event, self.now
        key = ("event", event.pk, self.version, current_language())
        open_now = registration_open(event, now)
        response = self.page(key, open_now, lambda: open_consultations(now).filter(event=event))
        # The page changes with time alone when registration opens or closes: kept until then.
        until = registration_changes_at(event, now)
        return pagecache.keep_page(request, self.page_key, response, until=until)

    def page(self, key, open_now, consultations):
        request, event = self.request, self.event
        member = is_member(request.user)
        return self.render(
            "events/detail.html",
            {
                "summary": pagecache.fragments.get_or_render((*key, "summary"), self.summary),
                "consultations": pagecache.fragments.get_or_render(
                    (*key, "consultations"),
                    lambda: render_to_string(
                        "events/includes/event_consultations.html", {"consultations": consultations()}
                    ),
                ),
                "materials": pagecache.fragments.get_or_render(
                    (*key, "materials", member),
                    lambda: render_to_string(
                        "events/includes/event_materials.html",
                        {"event": event, "materials": resources_for_event(event, request.user)},
                    ),
                ),
                "registration": registration_status_of(event, request.user),
                "registration_open": open_now,
            },
        )

    def summary(self):
        span = self.event.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
        context = {
            "event": self.event,
            "partners": list(self.event.partners.all()),
            "first": span["first"],
            "last": span["last"],
        }
        return render_to_string("events/includes/event_summary.html", context)


class AgendaView(EventMixin, View):
    def get(self, request):
        event = self.event
        form = AgendaFilterForm(request.GET or None, needs=lambda: extras.need_choices(event))
        filters = form.cleaned_data if form.is_valid() else {}
        kind, language = filters.get("kind", ""), filters.get("language", "")
        need = filters.get("need", "")

        def days():  # called by the template only when its cached fragment is missing
            sessions = list(sessions_for(event, kind=kind, language=language))
            if need:
                answering = extras.sessions_answering(event, need)
                sessions = [s for s in sessions if s.pk in answering]
            asked = extras.asked_for(event)
            for session in sessions:
                session.asked_for = asked.get(session.pk, [])
            return agenda_for(event, sessions=sessions)

        context = {
            "form": form,
            "days": days,
            "filtered": bool(kind or language or need),
            "filters": f"{kind}:{language}:{need}",
        }
        key = pagecache.page_key(self.event, current_language(), request.get_full_path())
        return pagecache.cached_page(request, key, lambda: self.render("events/agenda.html", context))


class SessionDetailView(EventMixin, View):
    def get(self, request, pk):
        session = session_on_agenda(self.event, pk)
        if session is None:
            raise Http404
        session.asked_for = extras.asked_for(self.event, [session.pk]).get(session.pk, [])
        return self.render("events/session.html", {"session": session})


class EventCalendarView(EventMixin, View):
    def get(self, request):
        body = event_calendar(self.event, sessions_for(self.event), language=current_language())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}.ics"'
        return response
