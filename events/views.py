"""Thin views: read the input, call one service or query, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from learning.queries import resources_for_event
from nmc_portal.bilingual import current_language
from surveys.queries import open_consultations

from . import pagecache, queries, services
from .calendar import event_calendar
from .forms import (
    AgendaFilterForm,
    CopyEventForm,
    EventFilterForm,
    EventForm,
    MoveSessionForm,
    RoomForm,
    SessionForm,
    SessionSpeakerForm,
)
from .models import Event, Room, Session, SessionSpeaker
from .registration import registration_open

EVENTS_PER_PAGE = 20


def add_error(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.message)


def warn_conflicts(request, conflicts):
    for conflict in conflicts:
        messages.warning(request, _("Conflict: %(message)s") % {"message": conflict.message})


# Public pages ---------------------------------------------------------------------------


def event_list(request):
    """Upcoming events soonest first (or past ones, most recent first), filtered by region and kind."""
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    past = request.GET.get("when") == "past"
    events = queries.public_events(region=filters.get("region", ""), kind=filters.get("kind", ""), past=past)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    consultations = open_consultations()
    context = {"form": form, "page": page, "past": past, "consultations": consultations}
    return render(request, "events/list.html", context)


class EventMixin:
    """The event named in the URL, for those who may see it: drafts are 404 except to its organizers."""

    permission = "events.view_event"

    def dispatch(self, request, *args, slug, **kwargs):
        self.event = get_object_or_404(Event, slug=slug)
        if not request.user.has_perm(self.permission, self.event):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def render(self, template, context=None, status=200):
        return render(self.request, template, {"event": self.event, **(context or {})}, status=status)


class EventDetailView(EventMixin, View):
    def get(self, request):
        span = self.event.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
        return self.render(
            "events/detail.html",
            {
                "partners": list(self.event.partners.all()),
                "first": span["first"],
                "last": span["last"],
                "registration": queries.registration_of(self.event, request.user),
                "registration_open": registration_open(self.event),
                "consultations": open_consultations().filter(event=self.event),
                "materials": resources_for_event(self.event, request.user),
            },
        )


class AgendaView(EventMixin, View):
    def get(self, request):
        form = AgendaFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        kind, language = filters.get("kind", ""), filters.get("language", "")

        def days():  # called by the template only when its cached fragment is missing
            return queries.agenda_for(self.event, kind=kind, language=language)

        context = {
            "form": form,
            "days": days,
            "filtered": bool(kind or language),
            "filters": f"{kind}:{language}",
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
        session = queries.session_on_agenda(self.event, pk)
        if session is None:
            raise Http404
        return self.render("events/session.html", {"session": session})


class EventCalendarView(EventMixin, View):
    def get(self, request):
        body = event_calendar(self.event, queries.sessions_for(self.event), language=current_language())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}.ics"'
        return response


# Organizer pages ------------------------------------------------------------------------


@login_required
def my_events(request):
    events = queries.events_managed_by(request.user)
    return render(
        request,
        "events/manage/my_events.html",
        {"events": events, "can_create": request.user.has_perm("events.add_event")},
    )


class EventCreateView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("events.add_event"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, "events/manage/event_form.html", {"form": EventForm()})

    def post(self, request):
        form = EventForm(request.POST)
        if form.is_valid():
            event = services.create_event(organizer=request.user, **form.service_fields())
            messages.success(request, _("Event created as a draft. Add rooms and sessions to its agenda."))
            return redirect("events:builder", slug=event.slug)
        return render(request, "events/manage/event_form.html", {"form": form}, status=400)


class ManageEventMixin(EventMixin):
    """Organizer pages: visitors sign in first; anyone not on the event's team gets a 404."""

    permission = "events.manage_event"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def session(self, pk):
        return get_object_or_404(Session.objects.select_related("room"), event=self.event, pk=pk)

    def to_builder(self):
        return redirect("events:builder", slug=self.event.slug)


class BuilderView(ManageEventMixin, View):
    def get(self, request):
        return self.render("events/manage/builder.html", builder_context(self.event))


def builder_context(event, room_form=None):
    sessions = queries.sessions_for(event)
    rooms = list(event.rooms.all())
    grid, columns = queries.builder_grid(event, sessions, rooms)
    conflicts = queries.find_conflicts(sessions)
    room_names = {room.pk: room for room in rooms}
    return {
        "grid": grid,
        "columns": [room_names.get(pk) for pk in columns],
        "rooms": rooms,
        "conflicts": conflicts,
        "conflicted": {s.pk for c in conflicts for s in c.sessions},
        "session_count": len(sessions),
        "room_form": room_form or RoomForm(),
    }


class EventEditView(ManageEventMixin, View):
    def get(self, request):
        return self.render("events/manage/event_form.html", {"form": EventForm(instance=self.event)})

    def post(self, request):
        form = EventForm(request.POST, instance=Event.objects.get(pk=self.event.pk))
        if form.is_valid():
            try:
                services.update_event(event=self.event, **form.service_fields())
            except services.EventError as error:
                add_error(form, error)
            else:
                messages.success(request, _("Event saved."))
                return self.to_builder()
        return self.render("events/manage/event_form.html", {"form": form}, status=400)


class RoomAddView(ManageEventMixin, View):
    def get(self, request):
        return self.render("events/manage/room_form.html", {"form": RoomForm()})

    def post(self, request):
        form = RoomForm(request.POST)
        if form.is_valid():
            try:
                services.add_room(event=self.event, **form.cleaned_data)
            except services.EventError as error:
                add_error(form, error)
            else:
                messages.success(request, _("Room added."))
                return self.to_builder()
        return self.render("events/manage/room_form.html", {"form": form}, status=400)


class BuilderFormMixin(ManageEventMixin):
    """The builder's session forms: full pages without JavaScript, in place on the builder with htmx.

    With htmx (request.htmx) a GET returns the form alone, for the builder's editor panel; a POST
    returns the builder's workspace (conflicts and grid), with the refused form in the editor (400)
    or with a notice for the live region (200). Without it, the usual POST/redirect/GET.
    """

    template = ""  # the full page
    partial = ""  # the form alone
    title = ""

    def show(self, context, status=200):
        if self.request.htmx and self.request.method == "GET":
            context = {**context, "editor": self.partial, "editor_title": self.title}
            return self.render("events/manage/_editor.html", context)
        if self.request.htmx:
            workspace = {
                **builder_context(self.event),
                **context,
                "editor": self.partial,
                "editor_title": self.title,
            }
            return self.render("events/manage/_workspace.html", workspace, status=status)
        return self.render(self.template, context, status=status)

    def done(self, notice, conflicts=()):
        if self.request.htmx:
            context = {**builder_context(self.event), "notice": notice, "new_conflicts": conflicts}
            return self.render("events/manage/_workspace.html", context)
        messages.success(self.request, notice)
        warn_conflicts(self.request, conflicts)
        return self.to_builder()


class SessionAddView(BuilderFormMixin, View):
    template = "events/manage/session_form.html"
    partial = "events/manage/_session_form.html"
    title = _lazy("Add a session")

    def get(self, request):
        initial = {key: request.GET[key] for key in ("day", "starts", "room") if request.GET.get(key)}
        return self.show({"form": SessionForm(event=self.event, initial=initial)})

    def post(self, request):
        form = SessionForm(request.POST, event=self.event)
        if form.is_valid():
            try:
                _session, conflicts = services.create_session(event=self.event, **form.service_fields())
            except services.EventError as error:
                add_error(form, error)
            else:
                return self.done(_("Session added."), conflicts)
        return self.show({"form": form}, status=400)


class SessionEditView(BuilderFormMixin, View):
    template = "events/manage/session_form.html"
    partial = "events/manage/_session_form.html"
    title = _lazy("Edit the session")

    def context(self, session, form, speaker_form=None):
        speakers = session.session_speakers.select_related("speaker")
        return {
            "session": session,
            "form": form,
            "speakers": speakers,
            "speaker_form": speaker_form or SessionSpeakerForm(),
        }

    def get(self, request, pk):
        session = self.session(pk)
        form = SessionForm(event=self.event, initial=SessionForm.initial_for(session))
        return self.show(self.context(session, form))

    def post(self, request, pk):
        session = self.session(pk)
        form = SessionForm(request.POST, event=self.event)
        if form.is_valid():
            try:
                _session, conflicts = services.update_session(session=session, **form.service_fields())
            except services.EventError as error:
                add_error(form, error)
            else:
                return self.done(_("Session saved."), conflicts)
        return self.show(self.context(self.session(pk), form), status=400)


class SessionMoveView(BuilderFormMixin, View):
    template = "events/manage/move_form.html"
    partial = "events/manage/_move_form.html"
    title = _lazy("Move the session")

    def get(self, request, pk):
        session = self.session(pk)
        form = MoveSessionForm(event=self.event, initial=MoveSessionForm.initial_for(session))
        return self.show({"session": session, "form": form})

    def post(self, request, pk):
        session = self.session(pk)
        form = MoveSessionForm(request.POST, event=self.event)
        if form.is_valid():
            try:
                _session, conflicts = services.move_session(session=session, **form.service_fields())
            except services.EventError as error:
                add_error(form, error)
            else:
                return self.done(_("Session moved."), conflicts)
        return self.show({"session": self.session(pk), "form": form}, status=400)


class SessionRemoveView(BuilderFormMixin, View):
    template = "events/manage/session_remove.html"
    partial = "events/manage/_remove_form.html"
    title = _lazy("Remove the session")

    def get(self, request, pk):
        return self.show({"session": self.session(pk)})

    def post(self, request, pk):
        services.remove_session(session=self.session(pk))
        return self.done(_("Session removed."))


class RoomEditView(ManageEventMixin, View):
    def room(self, pk):
        return get_object_or_404(Room, event=self.event, pk=pk)

    def get(self, request, pk):
        room = self.room(pk)
        return self.render("events/manage/room_form.html", {"form": RoomForm(instance=room), "room": room})

    def post(self, request, pk):
        room = self.room(pk)
        form = RoomForm(request.POST, instance=Room.objects.get(pk=room.pk))
        if form.is_valid():
            try:
                services.update_room(room=room, **form.cleaned_data)
            except services.EventError as error:
                add_error(form, error)
            else:
                messages.success(request, _("Room saved."))
                return self.to_builder()
        return self.render("events/manage/room_form.html", {"form": form, "room": room}, status=400)


class RoomRemoveView(RoomEditView):
    def get(self, request, pk):
        return self.render("events/manage/room_remove.html", {"room": self.room(pk)})

    def post(self, request, pk):
        services.remove_room(room=self.room(pk))
        messages.success(request, _("Room removed. Its sessions are now without a room."))
        return self.to_builder()


class EventCancelView(ManageEventMixin, View):
    def get(self, request):
        return self.render("events/manage/cancel_event.html")

    def post(self, request):
        try:
            services.cancel_event(event=self.event)
        except services.EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The event is cancelled."))
        return self.to_builder()


class SpeakerAddView(ManageEventMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        session = self.session(pk)
        form = SessionSpeakerForm(request.POST)
        if form.is_valid():
            try:
                services.add_session_speaker(session=session, **form.cleaned_data)
            except services.EventError as error:
                add_error(form, error)
            else:
                messages.success(request, _("Speaker added."))
                warn_conflicts(request, queries.conflicts_involving(session))
                return redirect("events:session_edit", slug=self.event.slug, pk=session.pk)
        edit = SessionForm(event=self.event, initial=SessionForm.initial_for(session))
        speakers = session.session_speakers.select_related("speaker")
        context = {"session": session, "form": edit, "speakers": speakers, "speaker_form": form}
        return self.render("events/manage/session_form.html", context, status=400)


class SpeakerRemoveView(ManageEventMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        session_speaker = get_object_or_404(SessionSpeaker, session__event=self.event, pk=pk)
        session_pk = session_speaker.session_id
        services.remove_session_speaker(session_speaker=session_speaker)
        messages.success(request, _("Speaker removed from the session."))
        return redirect("events:session_edit", slug=self.event.slug, pk=session_pk)


class EventCopyView(ManageEventMixin, View):
    def get(self, request):
        return self.render("events/manage/copy_form.html", {"form": CopyEventForm()})

    def post(self, request):
        form = CopyEventForm(request.POST)
        if form.is_valid():
            copy = services.copy_event(
                event=self.event, new_start=form.cleaned_data["new_start"], by=request.user
            )
            messages.success(request, _("Copied as a new draft. Check its agenda and details."))
            return redirect("events:builder", slug=copy.slug)
        return self.render("events/manage/copy_form.html", {"form": form}, status=400)


class PublishView(ManageEventMixin, View):
    http_method_names = ["post"]
    service = staticmethod(services.publish_event)

    def post(self, request):
        try:
            self.service(event=self.event)
        except services.EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success_message())
        return self.to_builder()

    def success_message(self):
        return _("The event is published: everyone can see it.")


class UnpublishView(PublishView):
    service = staticmethod(services.unpublish_event)

    def success_message(self):
        return _("The event is back to draft: only its organizers can see it.")
