"""Organizers run registration: the list and its CSV export, workshop rosters and moves, cancelling on
someone's behalf, and check-in (messages to participants: views/messages.py).

Thin views: read the input, call one service in events.services.registration, render or redirect.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.bilingual import localized
from nmc_portal.csv import csv_response
from nmc_portal.errors import DomainError

from ..forms import MoveChoiceForm, RegistrationFilterForm
from ..models import Registration, WorkshopChoice
from ..queries.offers import attach_open_offers, attach_open_offers_to_waitlist
from ..queries.registration import (
    registration_counts,
    registrations_of,
    roster_of,
    workshops_of,
)
from ..retention import needs_removal_date
from ..services.certificates import event_is_over
from ..services.registration import (
    cancel_registration,
    cancel_workshop,
    check_in,
    move_to_workshop,
)
from .mixins import ManageEventMixin

REGISTRATIONS_PER_PAGE = 50


class RegistrationsView(ManageEventMixin, View):
    def filtered(self, request, workshops):
        form = RegistrationFilterForm(request.GET or None, workshops=workshops)
        filters = form.cleaned_data if form.is_valid() else {}
        registrations = registrations_of(
            self.event,
            search=filters.get("q", ""),
            status=filters.get("status", ""),
            workshop=filters.get("workshop"),
            checked_in=filters.get("checked_in", ""),
        )
        return form, registrations

    def get(self, request):
        workshops = workshops_of(self.event)
        form, registrations = self.filtered(request, workshops)
        page = Paginator(registrations, REGISTRATIONS_PER_PAGE).get_page(request.GET.get("page"))
        attach_open_offers(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            "events/manage/registrations.html",
            {
                "form": form,
                "page": page,
                "workshops": workshops,
                "counts": registration_counts(self.event),
                "query": query.urlencode(),
                "event_over": event_is_over(self.event),
                "needs_removed_on": needs_removal_date(self.event),
                "needs_removed": needs_removal_date(self.event) <= timezone.localdate(),
            },
        )


class RegistrationsCsvView(RegistrationsView):
    def get(self, request):
        workshops = workshops_of(self.event)
        _form, registrations = self.filtered(request, workshops)
        return csv_response(
            f"{self.event.slug}-registrations.csv", registration_rows(self.event, registrations)
        )


def registration_rows(event, registrations):
    """The export's heading, then one row per registration; times at the venue."""
    yield [
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
    for r in registrations:
        member = r.user
        workshops_text = "; ".join(
            localized(c.session, "title")[0]
            + (
                ""
                if c.status == WorkshopChoice.Status.CONFIRMED
                else f" ({_('waitlist')} {c.waitlist_position})"
            )
            for c in r.choices.all()
        )
        yield [
            member.full_name if member else _("Deleted member"),
            member.email if member else "",
            member.department_name if member else "",
            member.get_region_display() if member else "",
            r.get_status_display(),
            r.waitlist_position or "",
            workshops_text,
            r.accessibility_needs,
            r.dietary_needs,
            timezone.localtime(r.created_at, event.tzinfo).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(r.checked_in_at, event.tzinfo).strftime("%Y-%m-%d %H:%M")
            if r.checked_in_at
            else "",
        ]


class RosterView(ManageEventMixin, View):
    def get(self, request, pk):
        workshops = workshops_of(self.event)
        session = next((s for s in workshops if s.pk == pk), None)
        if session is None:
            raise Http404
        confirmed, waitlist = roster_of(session)
        attach_open_offers_to_waitlist(session, waitlist)
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
        workshops = workshops_of(self.event)
        form = MoveChoiceForm(request.POST, workshops=workshops, current=choice.session)
        if not form.is_valid():
            messages.error(request, _("Choose the workshop to move this person to."))
            return self.to_roster(choice.session)
        try:
            move_to_workshop(choice=choice, to_session=form.cleaned_data["to_session"])
        except DomainError as error:
            messages.error(request, " ".join([error.message, *error.reasons]))
        else:
            messages.success(request, _("Moved."))
        return self.to_roster(choice.session)


class CancelChoiceForView(ChoiceMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        choice = self.choice(pk)
        cancel_workshop(choice=choice, by_organizer=True)
        messages.success(request, _("The place is cancelled; the next person on the waitlist has it."))
        return self.to_roster(choice.session)


class CancelRegistrationForView(ManageEventMixin, View):
    def registration(self, pk):
        return get_object_or_404(Registration.objects.select_related("user"), event=self.event, pk=pk)

    def get(self, request, pk):
        return self.render("events/manage/cancel_registration.html", {"registration": self.registration(pk)})

    def post(self, request, pk):
        cancel_registration(registration=self.registration(pk), by_organizer=True)
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
        return {"registration": registration, "counts": registration_counts(self.event)}

    def get(self, request, code):
        return self.render("events/manage/check_in.html", self.context(self.registration(code)))

    def post(self, request, code):
        try:
            registration, new = check_in(registration=self.registration(code), by=request.user)
        except DomainError as error:
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
        return self.render("events/manage/_check_in_count.html", {"counts": registration_counts(self.event)})
