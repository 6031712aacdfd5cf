"""Attendance per workshop, marked on a phone by the organizers or the check-in helpers they name
(events.services.attendance), and the organizers' page naming those helpers.

Plain forms that work without JavaScript: each mark and each undo is its own small POST to its own
address, idempotent, answered by a redirect back to the person's row on the roster (a double tap, or a
POST sent again when the network comes back, changes nothing). A ticket's code, typed or filled in by
a camera scan, marks its holder; a wrong code is shown next to the field with a 400.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from nmc_portal.errors import DomainError, add_to_form

from ..models import CheckInHelper, Registration, Session
from ..queries.attendance import attendance_counts, attendance_roster, helpers_of, workshop_attendance
from ..services.attendance import (
    add_check_in_helper,
    mark_present,
    mark_present_by_ticket,
    remove_check_in_helper,
    undo_attendance,
)
from .mixins import EventMixin, ManageEventMixin, SignInFirstMixin


class TicketForm(forms.Form):
    ticket = forms.CharField(
        label=gettext_lazy("Ticket code"),
        max_length=300,
        help_text=gettext_lazy("Scan the QR code on the member’s ticket, or type the ticket number."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Find by name"), max_length=100, required=False, widget=forms.SearchInput
    )


class HelperForm(forms.Form):
    member = forms.CharField(
        label=gettext_lazy("Member’s email or full name"),
        max_length=254,
        help_text=gettext_lazy(
            "They can then mark attendance at the workshops and see the rosters, nothing else."
        ),
    )


class AttendanceMixin(SignInFirstMixin, EventMixin):
    """The event's organizers and its check-in helpers; anyone else gets a 404."""

    hidden_permission = "events.mark_attendance"

    def workshop(self, pk):
        return get_object_or_404(
            Session.objects.select_related("room"), event=self.event, pk=pk, kind=Session.Kind.WORKSHOP
        )

    def to_roster(self, session, search="", anchor=""):
        url = reverse("events:attendance_roster", kwargs={"slug": self.event.slug, "pk": session.pk})
        if search:
            url += "?" + urlencode({"q": search})
        return redirect(url + (f"#{anchor}" if anchor else ""))


class AttendanceIndexView(AttendanceMixin, View):
    """The event's workshops with how many are marked present: the helper's way in."""

    def get(self, request):
        return self.render("events/attendance/index.html", {"workshops": workshop_attendance(self.event)})


class AttendanceRosterView(AttendanceMixin, View):
    def get(self, request, pk):
        return self.show(self.workshop(pk), TicketForm())

    def show(self, session, ticket_form, status=200):
        search_form = SearchForm(self.request.GET or None)
        search = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
        return self.render(
            "events/attendance/roster.html",
            {
                "session": session,
                "counts": attendance_counts(session),
                "people": attendance_roster(session, search=search),
                "search": search,
                "search_form": search_form,
                "ticket_form": ticket_form,
            },
            status=status,
        )


class MarkByTicketView(AttendanceRosterView):
    http_method_names = ["post"]

    def post(self, request, pk):
        session = self.workshop(pk)
        form = TicketForm(request.POST)
        if form.is_valid():
            try:
                attendance, new = mark_present_by_ticket(
                    session=session, code=form.cleaned_data["ticket"], by=request.user
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                name = attendance.registration.user.get_full_name() if attendance.registration.user else ""
                if new:
                    messages.success(request, _("%(name)s is marked present.") % {"name": name})
                else:
                    messages.info(request, _("%(name)s was already marked present.") % {"name": name})
                return self.to_roster(session, anchor=f"person-{attendance.registration_id}")
        return self.show(session, form, status=400)


class PersonMixin(AttendanceMixin):
    http_method_names = ["post"]

    def registration(self, pk):
        return get_object_or_404(Registration.objects.select_related("user"), event=self.event, pk=pk)

    def back(self, session, registration):
        return self.to_roster(
            session, self.request.POST.get("q", "").strip()[:100], f"person-{registration.pk}"
        )


class MarkView(PersonMixin, View):
    def post(self, request, pk, registration):
        session, registration = self.workshop(pk), self.registration(registration)
        try:
            _attendance, new = mark_present(session=session, registration=registration, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            name = registration.user.get_full_name() if registration.user else _("Deleted member")
            if new:
                messages.success(request, _("%(name)s is marked present.") % {"name": name})
            else:
                messages.info(request, _("%(name)s was already marked present.") % {"name": name})
        return self.back(session, registration)


class UndoView(PersonMixin, View):
    def post(self, request, pk, registration):
        session, registration = self.workshop(pk), self.registration(registration)
        name = registration.user.get_full_name() if registration.user else _("Deleted member")
        if undo_attendance(session=session, registration=registration):
            messages.success(request, _("%(name)s is no longer marked present.") % {"name": name})
        else:
            messages.info(request, _("%(name)s was not marked present.") % {"name": name})
        return self.back(session, registration)


# Organizers name the helpers ---------------------------------------------------------------------


class HelpersView(ManageEventMixin, View):
    def get(self, request):
        return self.show(HelperForm())

    def show(self, form, status=200):
        return self.render(
            "events/attendance/helpers.html",
            {
                "form": form,
                "helpers": helpers_of(self.event),
                "attendance_url": settings.SITE_URL
                + reverse("events:attendance", kwargs={"slug": self.event.slug}),
            },
            status=status,
        )

    def post(self, request):
        form = HelperForm(request.POST)
        if form.is_valid():
            try:
                helper, new = add_check_in_helper(
                    event=self.event, who=form.cleaned_data["member"], by=request.user
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                name = helper.user.get_full_name()
                if new:
                    messages.success(request, _("%(name)s is now a check-in helper.") % {"name": name})
                else:
                    messages.info(request, _("%(name)s is already a check-in helper.") % {"name": name})
                return redirect("events:helpers", slug=self.event.slug)
        return self.show(form, status=400)


class HelperRemoveView(ManageEventMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        helper = CheckInHelper.objects.filter(event=self.event, pk=pk).select_related("user").first()
        if helper is None:  # removed already (a second click): nothing left to do
            return redirect("events:helpers", slug=self.event.slug)
        remove_check_in_helper(helper=helper)
        messages.success(
            request, _("%(name)s is no longer a check-in helper.") % {"name": helper.user.get_full_name()}
        )
        return redirect("events:helpers", slug=self.event.slug)
