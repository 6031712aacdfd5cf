"""The preference round's pages: a member ranks the workshops of each time slot while the round is
open; the organizers set its window and read what it gave (before: the demand; after: first choices
by region, the seed, the order, and a re-run check).

Thin views: read the input, call one service in events.services.preferences, render or redirect.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.errors import DomainError, add_to_form

from ..models import Registration
from ..preference_forms import PreferenceWindowForm, RankingForm
from ..queries.preferences import demand_of, outcome_by_region, preference_round_of, rankings_of, slots_of
from ..services.preferences import end_preference_round, rerun_check, save_rankings, set_preference_round
from .mixins import ManageEventMixin, MemberEventMixin


class RankWorkshopsView(MemberEventMixin, View):
    """A registrant ranks the workshops of each time slot, as many as they like, most wanted first."""

    def round_or_404(self):
        round_ = preference_round_of(self.event)
        if round_ is None:
            raise Http404
        return round_

    def page(self, round_, registration, form, status=200):
        return self.render(
            "events/rank_workshops.html",
            {
                "round": round_,
                "state": round_.state(),
                "registration": registration,
                "form": form,
                "confirmed": registration.status == Registration.Status.CONFIRMED,
            },
            status=status,
        )

    def get(self, request):
        round_ = self.round_or_404()
        registration = self.my_registration()
        form = RankingForm(slots=slots_of(self.event), ranks=rankings_of(registration))
        return self.page(round_, registration, form)

    def post(self, request):
        round_ = self.round_or_404()
        registration = self.my_registration()
        if not round_.is_open():
            messages.error(request, _("The ranking of workshops is not open."))
            return redirect("events:rank_workshops", slug=self.event.slug)
        form = RankingForm(request.POST, slots=slots_of(self.event))
        if form.is_valid():
            try:
                save_rankings(registration=registration, slots=form.rankings())
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request, _("Your ranking is saved. Nothing is assigned until the ranking closes.")
                )
                return redirect("events:rank_workshops", slug=self.event.slug)
        return self.page(round_, registration, form, status=400)


class PreferenceRoundView(ManageEventMixin, View):
    """Organizers: how the event's workshops are assigned, the round's window, and its outcome."""

    def page(self, form=None, status=200):
        event = self.event
        round_ = preference_round_of(event)
        context = {"round": round_, "state": round_.state() if round_ else "", "form": form}
        if round_ is None or not round_.is_allocated:
            context["form"] = form or PreferenceWindowForm(event=event, round_=round_)
            if round_ is not None:
                context["demand"] = demand_of(event, slots_of(event))
        else:
            rows, total = outcome_by_region(round_)
            order = dict(
                Registration.objects.filter(pk__in=round_.member_order).values_list("pk", "user__full_name")
            )
            context.update(
                rows=rows,
                total=total,
                check=rerun_check(round_),
                order=[(pk, order.get(pk) or _("Deleted member")) for pk in round_.member_order],
            )
        return self.render("events/manage/preference_round.html", context, status=status)

    def get(self, request):
        return self.page()

    def post(self, request):
        event = self.event
        if request.POST.get("action") == "end":
            try:
                if end_preference_round(event=event):
                    messages.success(request, _("Workshops are first come, first served again."))
            except DomainError as error:
                messages.error(request, error.message)
            return redirect("events:preference_round", slug=event.slug)
        form = PreferenceWindowForm(request.POST, event=event, round_=preference_round_of(event))
        if form.is_valid():
            try:
                set_preference_round(
                    event=event,
                    opens_at=form.cleaned_data["opens_at"],
                    closes_at=form.cleaned_data["closes_at"],
                    by=request.user,
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The preference round is saved."))
                return redirect("events:preference_round", slug=event.slug)
        return self.page(form, status=400)
