"""Organizer pages: the agenda builder, and creating, editing, copying, publishing and cancelling an
event with its rooms, sessions and speakers.

Thin views: read the input, call one service in events.services.agenda, render or redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from nmc_portal.bilingual import localized
from nmc_portal.dates import format_span
from nmc_portal.errors import DomainError, add_to_form
from nmc_portal.submissions import submit_once

from .. import extras
from ..forms import CopyEventForm, EventForm, MoveSessionForm, RoomForm, SessionForm, SessionSpeakerForm
from ..models import Event, Room, SessionSpeaker
from ..queries.agenda import (
    builder_grid,
    conflicts_involving,
    events_managed_by,
    find_conflicts,
    sessions_for,
)
from ..queries.attendance import events_helped_by
from ..services.agenda import (
    add_room,
    add_session_speaker,
    cancel_event,
    copy_event,
    create_event,
    create_session,
    move_session,
    publish_event,
    remove_room,
    remove_session,
    remove_session_speaker,
    unpublish_event,
    update_event,
    update_room,
    update_session,
)
from .mixins import ManageEventMixin


def warn_conflicts(request, conflicts):
    for conflict in conflicts:
        messages.warning(request, _("Conflict: %(message)s") % {"message": conflict.message})


@login_required
def my_events(request):
    events = events_managed_by(request.user)
    return render(
        request,
        "events/manage/my_events.html",
        {
            "events": events,
            "can_create": request.user.has_perm("events.add_event"),
            "helping": events_helped_by(request.user),
        },
    )


CREATED = _lazy("Event created as a draft. Add rooms and sessions to its agenda.")


def builder_url(event):
    return reverse("events:builder", kwargs={"slug": event.slug})


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
            outcome = submit_once(
                form,
                request.user,
                lambda: create_event(organizer=request.user, **form.service_fields()),
                url=builder_url,
            )
            if outcome.first:
                messages.success(
                    request, _("Event created as a draft. Add rooms and sessions to its agenda.")
                )
            return redirect(outcome.url)
        return render(request, "events/manage/event_form.html", {"form": form}, status=400)


class BuilderView(ManageEventMixin, View):
    def get(self, request):
        context = builder_context(self.event)
        context["side_panels"] = extras.builder_panels(self.event, context["sessions"])
        return self.render("events/manage/builder.html", context)


def builder_context(event, room_form=None):
    sessions = sessions_for(event)
    rooms = list(event.rooms.all())
    grid, columns = builder_grid(event, sessions, rooms)
    conflicts = find_conflicts(sessions)
    room_names = {room.pk: room for room in rooms}
    return {
        "grid": grid,
        "columns": [room_names.get(pk) for pk in columns],
        "rooms": rooms,
        "conflicts": conflicts,
        "conflicted": {s.pk for c in conflicts for s in c.sessions},
        "sessions": sessions,
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
                update_event(event=self.event, **form.service_fields())
            except DomainError as error:
                add_to_form(form, error)
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
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: add_room(event=self.event, **form.cleaned_data),
                    url=lambda _room: builder_url(self.event),
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("Room added."))
                return redirect(outcome.url)
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

    def done(self, notice, conflicts=(), **extra):
        if self.request.htmx:
            context = {**builder_context(self.event), "notice": notice, "new_conflicts": conflicts, **extra}
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
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: create_session(event=self.event, **form.service_fields()),
                    url=lambda _created: builder_url(self.event),
                )
            except DomainError as error:
                add_to_form(form, error)
            else:  # sent twice: the session was added by the first submission
                conflicts = outcome.result[1] if outcome.first else ()
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
                _session, conflicts = update_session(session=session, **form.service_fields())
            except DomainError as error:
                add_to_form(form, error)
            else:
                return self.done(_("Session saved."), conflicts)
        return self.show(self.context(self.session(pk), form), status=400)


def moved_notice(session):
    """What the live region says after a move: where and when the session is now."""
    names = {
        "session": localized(session, "title")[0],
        "when": format_span(session.starts_at, session.ends_at, session.event),
    }
    if session.room is None:
        return _("Moved “%(session)s” out of any room: %(when)s.") % names
    room = localized(session.room, "name")[0]
    return _("Moved “%(session)s” to %(room)s: %(when)s.") % {**names, "room": room}


class SessionMoveView(BuilderFormMixin, View):
    """The Move form, for keyboards and without JavaScript; the builder's drag and drop posts it too.

    With htmx, a move answers with the grid, the live region's notice and an Undo button that posts
    the session's previous place back here; a refused move (a clash on a published event) answers 400
    with the reason next to the field and in the live region.
    """

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
        notice = None
        if form.is_valid():
            previous = MoveSessionForm.initial_for(session)
            try:
                moved, conflicts = move_session(session=session, **form.service_fields())
            except DomainError as error:
                add_to_form(form, error)
                notice = error.message
            else:
                undo = {**previous, "room": previous["room"] or "", "title": localized(session, "title")[0]}
                return self.done(moved_notice(moved), conflicts, undo=undo, undo_session=moved)
        context = {"session": self.session(pk), "form": form}
        if notice is not None:
            context.update(notice=notice, new_conflicts=())
        return self.show(context, status=400)


class SessionRemoveView(BuilderFormMixin, View):
    template = "events/manage/session_remove.html"
    partial = "events/manage/_remove_form.html"
    title = _lazy("Remove the session")

    def get(self, request, pk):
        return self.show({"session": self.session(pk)})

    def post(self, request, pk):
        remove_session(session=self.session(pk))
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
                update_room(room=room, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Room saved."))
                return self.to_builder()
        return self.render("events/manage/room_form.html", {"form": form, "room": room}, status=400)


class RoomRemoveView(RoomEditView):
    def get(self, request, pk):
        return self.render("events/manage/room_remove.html", {"room": self.room(pk)})

    def post(self, request, pk):
        remove_room(room=self.room(pk))
        messages.success(request, _("Room removed. Its sessions are now without a room."))
        return self.to_builder()


class EventCancelView(ManageEventMixin, View):
    def get(self, request):
        return self.render("events/manage/cancel_event.html")

    def post(self, request):
        try:
            cancel_event(event=self.event)
        except DomainError as error:
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
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: add_session_speaker(session=session, **form.cleaned_data),
                    url=lambda _added: reverse("events:session_edit", args=[self.event.slug, session.pk]),
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("Speaker added."))
                    warn_conflicts(request, conflicts_involving(session))
                return redirect(outcome.url)
        edit = SessionForm(event=self.event, initial=SessionForm.initial_for(session))
        speakers = session.session_speakers.select_related("speaker")
        context = {"session": session, "form": edit, "speakers": speakers, "speaker_form": form}
        return self.render("events/manage/session_form.html", context, status=400)


class SpeakerRemoveView(ManageEventMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        session_speaker = get_object_or_404(SessionSpeaker, session__event=self.event, pk=pk)
        session_pk = session_speaker.session_id
        remove_session_speaker(session_speaker=session_speaker)
        messages.success(request, _("Speaker removed from the session."))
        return redirect("events:session_edit", slug=self.event.slug, pk=session_pk)


class EventCopyView(ManageEventMixin, View):
    def get(self, request):
        return self.render("events/manage/copy_form.html", {"form": CopyEventForm()})

    def post(self, request):
        form = CopyEventForm(request.POST)
        if form.is_valid():
            new_start = form.cleaned_data["new_start"]
            outcome = submit_once(
                form,
                request.user,
                lambda: copy_event(event=self.event, new_start=new_start, by=request.user),
                url=builder_url,
            )
            if outcome.first:
                messages.success(request, _("Copied as a new draft. Check its agenda and details."))
            return redirect(outcome.url)
        return self.render("events/manage/copy_form.html", {"form": form}, status=400)


class PublishView(ManageEventMixin, View):
    http_method_names = ["post"]
    service = staticmethod(publish_event)

    def post(self, request):
        try:
            self.service(event=self.event)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success_message())
        return self.to_builder()

    def success_message(self):
        return _("The event is published: everyone can see it.")


class UnpublishView(PublishView):
    service = staticmethod(unpublish_event)

    def success_message(self):
        return _("The event is back to draft: only its organizers can see it.")
