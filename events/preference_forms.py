"""Forms of the preference round: a member's ranking, and the organizers' window.

The ranking works without JavaScript: for each time slot, one select per rank ("Choice 1", "Choice 2"…),
each offering that slot's workshops. Empty selects are skipped (a member ranks as many as they like);
a workshop chosen twice in one slot gets its message next to the second select.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nmc_portal.bilingual import localized

from .forms import DateTimeInput


class RankingForm(forms.Form):
    def __init__(self, *args, slots, ranks=None, **kwargs):
        """`slots`: the event's workshop slots (events.queries.registration.workshop_slots); `ranks`:
        {session pk: rank} saved earlier, shown as the initial choices."""
        super().__init__(*args, **kwargs)
        self.slots = slots
        ranks = ranks or {}
        for n, slot in enumerate(slots):
            choices = [("", _("No choice"))] + [(str(s.pk), localized(s, "title")[0]) for s in slot.sessions]
            mine = sorted((rank, s.pk) for s in slot.sessions if (rank := ranks.get(s.pk)))
            slot.fields = []
            for rank in range(1, len(slot.sessions) + 1):
                name = f"slot{n}_choice{rank}"
                self.fields[name] = forms.ChoiceField(
                    label=_("Choice %(rank)s") % {"rank": rank}, choices=choices, required=False
                )
                if rank <= len(mine):
                    self.initial[name] = str(mine[rank - 1][1])
                slot.fields.append(name)

    def bound_slots(self):
        """[(slot, [bound field, ...])] for the template."""
        return [(slot, [self[name] for name in slot.fields]) for slot in self.slots]

    def clean(self):
        cleaned = super().clean()
        for slot in self.slots:
            seen = {}
            for name in slot.fields:
                value = cleaned.get(name)
                if not value:
                    continue
                if value in seen:
                    self.add_error(
                        name,
                        _("You already chose this workshop as choice %(rank)s: choose another one or none.")
                        % {"rank": seen[value]},
                    )
                else:
                    seen[value] = int(name.rsplit("choice", 1)[1])
        return cleaned

    def rankings(self):
        """[[workshop, ...] per slot, most wanted first]."""
        by_pk = {str(s.pk): s for slot in self.slots for s in slot.sessions}
        return [
            [by_pk[self.cleaned_data[name]] for name in slot.fields if self.cleaned_data.get(name)]
            for slot in self.slots
        ]


class PreferenceWindowForm(forms.Form):
    """The round's window, typed in the venue's time zone."""

    opens_at = forms.DateTimeField(
        label=_("Ranking opens"), widget=DateTimeInput, help_text=_("In the venue's time zone.")
    )
    closes_at = forms.DateTimeField(
        label=_("Ranking closes"),
        widget=DateTimeInput,
        help_text=_(
            "In the venue's time zone. For example 72 hours after it opens: seats are assigned then."
        ),
    )

    def __init__(self, *args, event, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if round_ is not None and not self.is_bound:
            for name in ("opens_at", "closes_at"):
                self.initial[name] = getattr(round_, name).astimezone(event.tzinfo).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        current = timezone.get_current_timezone()
        for name in ("opens_at", "closes_at"):
            # A wall-clock time, read by Django in the site's zone: re-read it at the venue.
            if cleaned.get(name):
                cleaned[name] = (
                    cleaned[name].astimezone(current).replace(tzinfo=None).replace(tzinfo=self.event.tzinfo)
                )
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The ranking must close after it opens."))
        return cleaned
