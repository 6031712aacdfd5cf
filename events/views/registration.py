"""A member's own registration: register, choose workshops, cancel, the ticket, my agenda as iCalendar,
and the list of my events.

Thin views: read the input, call one service in events.services.registration, render or redirect.
"""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from members.queries import calendar_addresses
from nmc_portal import pagecache
from nmc_portal.bilingual import current_language, localized
from nmc_portal.errors import DomainError, add_to_form
from nmc_portal.privacy import Collection, notice_seen

from ..calendar import event_calendar
from ..forms import RegistrationForm, WorkshopChoiceForm
from ..models import PreferenceRound, Registration, Session, WorkshopChoice
from ..queries.offers import attach_open_offers
from ..queries.preferences import preference_round_in_effect
from ..queries.registration import my_agenda, registration_of, registrations_for, workshop_slots, workshops_of
from ..services.certificates import may_have_certificate
from ..services.registration import (
    PREFERENCE_ROUND_MESSAGE,
    cancel_registration,
    cancel_workshop,
    changes_open,
    choose_workshops,
    register,
    registration_open,
)
from .mixins import MemberEventMixin


@login_required
def my_registrations(request):
    _calendar_url, webcal_url = calendar_addresses(request.user)
    registrations = attach_open_offers(registrations_for(request.user))
    # The preference rounds still deciding workshops: their registrants rank instead of choosing.
    ranking = set(
        PreferenceRound.objects.filter(
            event__in=[r.event_id for r in registrations], allocated_at__isnull=True
        ).values_list("event_id", flat=True)
    )
    for registration in registrations:
        registration.event.ranks_workshops = registration.event_id in ranking
        registration.certificate_ready = may_have_certificate(
            registration, last_session_end=registration.last_session_end
        )
    return render(
        request,
        "events/my_registrations.html",
        {"registrations": registrations, "webcal_url": webcal_url},
    )


class RegisterView(MemberEventMixin, View):
    """Register, and pick workshops on the same form when the registration would be confirmed."""

    def get(self, request):
        registration = registration_of(self.event, request.user)
        if registration is not None and registration.is_active:
            return redirect("events:mine")
        workshops = self.workshops_offered()
        return self.render("events/register.html", self.context(RegistrationForm(workshops=workshops)))

    def workshops_offered(self):
        """The event's workshops with their seats, unless the event has none or is full (a waitlisted
        registration takes no workshops)."""
        event = self.event
        if not event.max_workshops_per_person:
            return []
        if event.capacity is not None and event.confirmed_count >= event.capacity:
            return []
        if preference_round_in_effect(event):
            return []  # a preference round assigns them: ranked on their own page
        return workshops_of(event)

    def context(self, form, reasons=()):
        workshops = list(form.workshops.values())
        selected = (
            set(form["workshops"].value() or []) if "workshops" in form.fields and form.is_bound else set()
        )
        return {
            "form": form,
            "open": registration_open(self.event),
            "slots": workshop_slots(workshops),
            "selected": selected,
            "reasons": reasons,
        }

    def post(self, request):
        event = self.event
        # Only the rows the rule needs, and only when some were picked: the seats shown on the page are
        # read again if it comes back.
        picked = event.max_workshops_per_person and "workshops" in request.POST
        workshops = event.sessions.filter(kind=Session.Kind.WORKSHOP) if picked else []
        form = RegistrationForm(request.POST, workshops=workshops)
        reasons = []
        if form.is_valid():
            fields = form.service_fields()
            try:
                notice = notice_seen(Collection.EVENT_REGISTRATION, request.POST.get("privacy_notice"))
                registration = register(event=event, member=request.user, privacy_notice=notice, **fields)
            except DomainError as error:
                add_to_form(form, error)
                reasons = error.reasons
            else:
                return self.registered(registration, picked=bool(fields["sessions"]))
        form.offer(self.workshops_offered())
        return self.render("events/register.html", self.context(form, reasons), status=400)

    def registered(self, registration, *, picked):
        request = self.request
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered."))
            if registration.choices_taken:
                messages.success(request, _("Your workshops are saved."))
            elif self.event.max_workshops_per_person and (
                not picked or preference_round_in_effect(self.event)  # picks not taken: ranked instead
            ):
                return redirect("events:workshops", slug=self.event.slug)
            return redirect("events:mine")
        messages.info(
            request,
            _("The event is full: you are number %(position)s on the waitlist.")
            % {"position": registration.waitlist_position},
        )
        if picked:
            messages.info(
                request,
                _("Your workshops were not saved: you can choose them once your registration is confirmed."),
            )
        return redirect("events:mine")


class WorkshopsView(MemberEventMixin, View):
    def context(self, registration, form, reasons=(), workshops=None):
        if workshops is None:  # after a refused choice: seats and waitlists as they are now
            workshops = workshops_of(self.event)
        mine = {c.session_id: c for c in registration.choices.all()}
        for session in workshops:
            session.my_choice = mine.get(session.pk)
        selected = set(form["workshops"].value() or []) if form.is_bound else {str(pk) for pk in mine}
        return {
            "registration": registration,
            "form": form,
            "slots": workshop_slots(workshops),
            "selected": selected,
            "reasons": reasons,
            "changes_open": changes_open(self.event),
        }

    def get(self, request):
        registration = self.my_registration()
        if preference_round_in_effect(self.event):
            messages.info(request, PREFERENCE_ROUND_MESSAGE)
            return redirect("events:rank_workshops", slug=self.event.slug)
        workshops = workshops_of(self.event)  # read once, for the form and the page
        form = WorkshopChoiceForm(workshops=workshops)
        return self.render("events/workshops.html", self.context(registration, form, workshops=workshops))

    def post(self, request):
        registration = self.my_registration()
        form = WorkshopChoiceForm(request.POST, workshops=workshops_of(self.event))
        reasons = []
        if form.is_valid():
            try:
                choose_workshops(registration=registration, sessions=form.sessions())
            except DomainError as error:
                add_to_form(form, error)
                reasons = error.reasons
            else:
                messages.success(request, _("Your workshops are saved."))
                return redirect("events:mine")
        registration = self.my_registration()
        return self.render("events/workshops.html", self.context(registration, form, reasons), status=400)


class CancelWorkshopView(MemberEventMixin, View):
    """GET asks first (the seat may go to the waitlist at once, with no way back); POST leaves."""

    def my_choice(self, pk):
        return get_object_or_404(
            WorkshopChoice.objects.select_related("session__room"), registration=self.my_registration(), pk=pk
        )

    def get(self, request, pk):
        return self.render("events/leave_workshop.html", {"choice": self.my_choice(pk)})

    def post(self, request, pk):
        registration = self.my_registration()
        choice = (
            WorkshopChoice.objects.select_related("session").filter(registration=registration, pk=pk).first()
        )
        if choice is None:
            if WorkshopChoice.objects.filter(pk=pk).exists():
                raise Http404  # someone else's
            return redirect("events:mine")  # already left: a second click of the same button
        try:
            cancel_workshop(choice=choice)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("You left “%(title)s”.") % {"title": localized(choice.session, "title")[0]}
            )
        return redirect("events:mine")


class CancelRegistrationView(MemberEventMixin, View):
    def get(self, request):
        return self.render("events/cancel_registration.html", {"registration": self.my_registration()})

    def post(self, request):
        try:
            cancel_registration(registration=self.my_registration())
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect("events:mine")


def qr_svg(url, label):
    """The QR code as inline SVG (no image request, nothing for the CSP to refuse), drawn once per ticket
    and language in this process: drawing it costs more than the rest of the page."""
    return pagecache.fragments.get_or_render(("qr", url, label), lambda: _draw_qr(url, label))


def _draw_qr(url, label):
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=label, svgclass="ticket-qr")
    return svg.replace("<svg ", '<svg role="img" aria-label="' + label.replace('"', "&quot;") + '" ', 1)


class TicketView(MemberEventMixin, View):
    def get(self, request):
        registration = self.my_registration()
        if registration.status != Registration.Status.CONFIRMED:
            raise Http404
        attach_open_offers([registration])
        path = reverse("events:check_in", kwargs={"slug": self.event.slug, "code": registration.ticket_code})
        label = _("QR code of your ticket for check-in")
        return self.render(
            "events/ticket.html",
            {"registration": registration, "qr": qr_svg(settings.SITE_URL + path, label)},
        )


class MyAgendaCalendarView(MemberEventMixin, View):
    def get(self, request):
        registration = self.my_registration()
        body = event_calendar(self.event, my_agenda(registration), language=current_language())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}-my-agenda.ics"'
        return response
