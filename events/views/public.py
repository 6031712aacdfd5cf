"""Pages anyone may read: the list of events, an event, its agenda, a session, the agenda as iCalendar.

Thin views: read the input, call one query, render.
"""

from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views import View

from learning.queries import resources_for_event
from nmc_portal.bilingual import current_language
from surveys.queries import open_consultations

from .. import extras, pagecache
from ..calendar import event_calendar
from ..forms import AgendaFilterForm, EventFilterForm
from ..queries.agenda import agenda_for, public_events, session_on_agenda, sessions_for
from ..queries.registration import registration_of
from ..services.registration import registration_open
from .mixins import EventMixin

EVENTS_PER_PAGE = 20


def event_list(request):
    """Upcoming events soonest first (or past ones, most recent first), filtered by region and kind."""
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    past = request.GET.get("when") == "past"
    events = public_events(region=filters.get("region", ""), kind=filters.get("kind", ""), past=past)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    consultations = open_consultations()
    context = {"form": form, "page": page, "past": past, "consultations": consultations}
    return render(request, "events/list.html", context)


class EventDetailView(EventMixin, View):
    def get(self, request):
        span = self.event.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
        return self.render(
            "events/detail.html",
            {
                "partners": list(self.event.partners.all()),
                "first": span["first"],
                "last": span["last"],
                "registration": registration_of(self.event, request.user),
                "registration_open": registration_open(self.event),
                "consultations": open_consultations().filter(event=self.event),
                "materials": resources_for_event(self.event, request.user),
            },
        )


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
        if not pagecache.is_cacheable(request):
            return self.render("events/agenda.html", context)
        key = pagecache.page_key(self.event, current_language(), request.get_full_path())
        page = pagecache.pages.get(key)
        if page is None:
            page = self.render("events/agenda.html", context).content
            pagecache.pages.set(key, page)
        return HttpResponse(page)


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
