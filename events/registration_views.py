"""Members register and choose workshops; organizers run registration, rosters, check-in and messages.

Thin views: read the input, call one service in events.registration, render or redirect.
"""

import csv
import uuid

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.bilingual import current_language, localized

from . import queries
from . import registration as signups
from .calendar import event_calendar
from .forms import MessageForm, MoveChoiceForm, RegistrationFilterForm, RegistrationForm, WorkshopChoiceForm
from .models import Registration, WorkshopChoice
from .views import EventMixin, ManageEventMixin

REGISTRATIONS_PER_PAGE = 50


class MemberEventMixin(EventMixin):
    """Pages about my own registration: visitors sign in first."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def my_registration(self, *, active=True):
        registration = queries.registration_of(self.event, self.request.user)
        if registration is None or (active and not registration.is_active):
            raise Http404
        return registration


@login_required
def my_registrations(request):
    return render(
        request, "events/my_registrations.html", {"registrations": queries.registrations_for(request.user)}
    )


class RegisterView(MemberEventMixin, View):
    def get(self, request):
        registration = queries.registration_of(self.event, request.user)
        if registration is not None and registration.is_active:
            return redirect("events:mine")
        return self.render("events/register.html", self.context(RegistrationForm()))

    def context(self, form):
        return {"form": form, "open": signups.registration_open(self.event)}

    def post(self, request):
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                registration = signups.register(event=self.event, member=request.user, **form.cleaned_data)
            except signups.SignupError as error:
                form.add_error(None, error.message)
            else:
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(request, _("You are registered."))
                    if self.event.max_workshops_per_person:
                        return redirect("events:workshops", slug=self.event.slug)
                else:
                    messages.info(
                        request,
                        _("The event is full: you are number %(position)s on the waitlist.")
                        % {"position": registration.waitlist_position},
                    )
                return redirect("events:mine")
        return self.render("events/register.html", self.context(form), status=400)


class WorkshopsView(MemberEventMixin, View):
    def context(self, registration, form, reasons=()):
        workshops = queries.workshops_of(self.event)
        mine = {c.session_id: c for c in registration.choices.all()}
        for session in workshops:
            session.my_choice = mine.get(session.pk)
        selected = set(form["workshops"].value() or []) if form.is_bound else {str(pk) for pk in mine}
        return {
            "registration": registration,
            "form": form,
            "slots": queries.workshop_slots(workshops),
            "selected": selected,
            "reasons": reasons,
            "changes_open": signups.changes_open(self.event),
        }

    def get(self, request):
        registration = self.my_registration()
        form = WorkshopChoiceForm(workshops=queries.workshops_of(self.event))
        return self.render("events/workshops.html", self.context(registration, form))

    def post(self, request):
        registration = self.my_registration()
        form = WorkshopChoiceForm(request.POST, workshops=queries.workshops_of(self.event))
        reasons = []
        if form.is_valid():
            try:
                signups.choose_workshops(registration=registration, sessions=form.sessions())
            except signups.SignupError as error:
                form.add_error("workshops", error.message)
                reasons = error.reasons
            else:
                messages.success(request, _("Your workshops are saved."))
                return redirect("events:mine")
        registration = self.my_registration()
        return self.render("events/workshops.html", self.context(registration, form, reasons), status=400)


class CancelWorkshopView(MemberEventMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        registration = self.my_registration()
        choice = get_object_or_404(WorkshopChoice, registration=registration, pk=pk)
        try:
            signups.cancel_workshop(choice=choice)
        except signups.SignupError as error:
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
            signups.cancel_registration(registration=self.my_registration())
        except signups.SignupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect("events:mine")


def qr_svg(url, label):
    """The QR code as inline SVG (no image request, nothing for the CSP to refuse)."""
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=label, svgclass="ticket-qr")
    return svg.replace("<svg ", '<svg role="img" aria-label="' + label.replace('"', "&quot;") + '" ', 1)


class TicketView(MemberEventMixin, View):
    def get(self, request):
        registration = self.my_registration()
        if registration.status != Registration.Status.CONFIRMED:
            raise Http404
        path = reverse("events:check_in", kwargs={"slug": self.event.slug, "code": registration.ticket_code})
        label = _("QR code of your ticket for check-in")
        return self.render(
            "events/ticket.html",
            {"registration": registration, "qr": qr_svg(settings.SITE_URL + path, label)},
        )


class MyAgendaCalendarView(MemberEventMixin, View):
    def get(self, request):
        registration = self.my_registration()
        body = event_calendar(self.event, queries.my_agenda(registration), language=current_language())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}-my-agenda.ics"'
        return response


# Organizers ------------------------------------------------------------------------------------


class RegistrationsView(ManageEventMixin, View):
    def filtered(self, request, workshops):
        form = RegistrationFilterForm(request.GET or None, workshops=workshops)
        filters = form.cleaned_data if form.is_valid() else {}
        registrations = queries.registrations_of(
            self.event,
            search=filters.get("q", ""),
            status=filters.get("status", ""),
            workshop=filters.get("workshop"),
            checked_in=filters.get("checked_in", ""),
        )
        return form, registrations

    def get(self, request):
        workshops = queries.workshops_of(self.event)
        form, registrations = self.filtered(request, workshops)
        page = Paginator(registrations, REGISTRATIONS_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            "events/manage/registrations.html",
            {
                "form": form,
                "page": page,
                "workshops": workshops,
                "counts": queries.registration_counts(self.event),
                "query": query.urlencode(),
            },
        )


class RegistrationsCsvView(RegistrationsView):
    def get(self, request):
        workshops = queries.workshops_of(self.event)
        _form, registrations = self.filtered(request, workshops)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}-registrations.csv"'
        response.write("\ufeff")  # a BOM: spreadsheets then read UTF-8, and French accents, right
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Name"),
                _("Email"),
                _("Department"),
                _("Region"),
                _("Status"),
                _("Waitlist position"),
                _("Workshops"),
                _("Accessibility needs"),
                _("Dietary needs"),
                _("Registered"),
                _("Checked in"),
            ]
        )
        for r in registrations:
            member = r.user
            workshops_text = "; ".join(
                localized(c.session, "title")[0]
                + ("" if c.status == "confirmed" else f" ({_('waitlist')} {c.waitlist_position})")
                for c in r.choices.all()
            )
            writer.writerow(
                [
                    member.full_name if member else _("Deleted member"),
                    member.email if member else "",
                    member.department_name if member else "",
                    member.get_region_display() if member else "",
                    r.get_status_display(),
                    r.waitlist_position or "",
                    workshops_text,
                    r.accessibility_needs,
                    r.dietary_needs,
                    timezone.localtime(r.created_at, self.event.tzinfo).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(r.checked_in_at, self.event.tzinfo).strftime("%Y-%m-%d %H:%M")
                    if r.checked_in_at
                    else "",
                ]
            )
        return response


class RosterView(ManageEventMixin, View):
    def get(self, request, pk):
        workshops = queries.workshops_of(self.event)
        session = next((s for s in workshops if s.pk == pk), None)
        if session is None:
            raise Http404
        confirmed, waitlist = queries.roster_of(session)
        move_forms = {c.pk: MoveChoiceForm(workshops=workshops, current=session) for c in confirmed}
        return self.render(
            "events/manage/roster.html",
            {
                "session": session,
                "confirmed": [(c, move_forms[c.pk]) for c in confirmed],
                "waitlist": waitlist,
                "workshops": workshops,
            },
        )


class ChoiceMixin(ManageEventMixin):
    def choice(self, pk):
        return get_object_or_404(
            WorkshopChoice.objects.select_related("session", "registration"),
            session__event=self.event,
            pk=pk,
        )

    def to_roster(self, session):
        return redirect("events:roster", slug=self.event.slug, pk=session.pk)


class MoveChoiceView(ChoiceMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        choice = self.choice(pk)
        workshops = queries.workshops_of(self.event)
        form = MoveChoiceForm(request.POST, workshops=workshops, current=choice.session)
        if not form.is_valid():
            messages.error(request, _("Choose the workshop to move this person to."))
            return self.to_roster(choice.session)
        try:
            signups.move_to_workshop(choice=choice, to_session=form.cleaned_data["to_session"])
        except signups.SignupError as error:
            messages.error(request, " ".join([error.message, *error.reasons]))
        else:
            messages.success(request, _("Moved."))
        return self.to_roster(choice.session)


class CancelChoiceForView(ChoiceMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        choice = self.choice(pk)
        signups.cancel_workshop(choice=choice, by_organizer=True)
        messages.success(request, _("The place is cancelled; the next person on the waitlist has it."))
        return self.to_roster(choice.session)


class CancelRegistrationForView(ManageEventMixin, View):
    def registration(self, pk):
        return get_object_or_404(Registration.objects.select_related("user"), event=self.event, pk=pk)

    def get(self, request, pk):
        return self.render("events/manage/cancel_registration.html", {"registration": self.registration(pk)})

    def post(self, request, pk):
        signups.cancel_registration(registration=self.registration(pk), by_organizer=True)
        messages.success(request, _("The registration is cancelled."))
        return redirect("events:registrations", slug=self.event.slug)


class CheckInView(ManageEventMixin, View):
    """Reached by scanning a ticket's QR code; organizers of this event only (others: 404)."""

    def registration(self, code):
        return get_object_or_404(
            Registration.objects.select_related("user").prefetch_related("choices__session"),
            event=self.event,
            ticket_code=code,
        )

    def context(self, registration):
        return {"registration": registration, "counts": queries.registration_counts(self.event)}

    def get(self, request, code):
        return self.render("events/manage/check_in.html", self.context(self.registration(code)))

    def post(self, request, code):
        try:
            registration, new = signups.check_in(registration=self.registration(code), by=request.user)
        except signups.SignupError as error:
            messages.error(request, error.message)
        else:
            if new:
                messages.success(request, _("Checked in."))
            else:
                messages.info(request, _("Already checked in: attendance is recorded once."))
        return redirect("events:check_in", slug=self.event.slug, code=code)


class CheckInCountView(ManageEventMixin, View):
    """The live count, polled by the check-in page (htmx) or read on its own."""

    def get(self, request):
        return self.render(
            "events/manage/_check_in_count.html", {"counts": queries.registration_counts(self.event)}
        )


class MessageView(ManageEventMixin, View):
    def get(self, request):
        form = MessageForm(workshops=queries.workshops_of(self.event), initial={"token": uuid.uuid4()})
        return self.render("events/manage/message.html", {"form": form})

    def post(self, request):
        form = MessageForm(request.POST, workshops=queries.workshops_of(self.event))
        if form.is_valid():
            message = signups.message_participants(
                event=self.event,
                session=form.session(),
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                token=form.cleaned_data["token"],
                by=request.user,
            )
            messages.success(
                request,
                _("Your message is on its way to %(count)s people.") % {"count": message.recipient_count},
            )
            return redirect("events:registrations", slug=self.event.slug)
        return self.render("events/manage/message.html", {"form": form}, status=400)
