"""How an event's workshops are assigned: first come, first served (an event without a PreferenceRound,
or whose round has run), or a preference round.

A preference round has a window (`opens_at` to `closes_at`): while it is open, confirmed registrants
rank the workshops of each time slot (WorkshopRanking rows); nothing is assigned, and the normal way of
choosing workshops is closed from the round's creation until it has run. When the window closes a beat
job runs the allocation once (events.services.preferences.run_preference_round): it draws a seed,
shuffles the members with it, assigns seats and waitlist places (events.allocation) and records here
what it read and what it gave, so anyone can run it again and get the same result. Then the event is
first come, first served for whatever seats are left.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .agenda import Event, Session
from .registration import Registration


class PreferenceRound(models.Model):
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="preference_round", verbose_name=_("event")
    )
    opens_at = models.DateTimeField(_("ranking opens"))
    closes_at = models.DateTimeField(_("ranking closes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The outcome, written once by the allocation (empty until it runs).
    allocated_at = models.DateTimeField(_("allocated"), null=True, blank=True)
    seed = models.BigIntegerField(_("random seed"), null=True, blank=True)
    # The registrations' primary keys in the order drawn with the seed: who chose first.
    member_order = models.JSONField(default=list, blank=True)
    # What the allocation read, besides the rankings: {"max_per_person": n, "workshops": [{"id",
    # "free", "overlaps": [ids]}]} (free seats at the time; the rankings are frozen once the window closes).
    allocation_input = models.JSONField(default=dict, blank=True)
    # What it gave: {"seats": {registration: [workshop, ...]}, "waitlists": {workshop: [registration, ...]}}.
    allocation_result = models.JSONField(default=dict, blank=True)
    ranked_count = models.PositiveIntegerField(_("members who ranked"), default=0)
    seat_count = models.PositiveIntegerField(_("seats given"), default=0)
    waitlist_place_count = models.PositiveIntegerField(_("waitlist places given"), default=0)
    emailed_count = models.PositiveIntegerField(_("results emailed"), default=0)

    class Meta:
        verbose_name = _("preference round")
        verbose_name_plural = _("preference rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="events_preference_round_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(allocated_at__isnull=True) | Q(seed__isnull=False),
                name="events_preference_round_seed_when_allocated",
            ),
        ]
        indexes = [models.Index(fields=["allocated_at", "closes_at"], name="events_round_due")]

    def __str__(self):
        return f"{self.event} – {self.opens_at:%Y-%m-%d} – {self.closes_at:%Y-%m-%d}"

    @property
    def is_allocated(self):
        return self.allocated_at is not None

    def is_open(self, now=None):
        now = now or timezone.now()
        return not self.is_allocated and self.opens_at <= now < self.closes_at

    def state(self, now=None):
        """'scheduled' (before the window), 'open', 'closed' (waiting for the allocation) or 'allocated'."""
        now = now or timezone.now()
        if self.is_allocated:
            return "allocated"
        if now < self.opens_at:
            return "scheduled"
        return "open" if now < self.closes_at else "closed"


class WorkshopRanking(models.Model):
    """One workshop a registrant ranked in a preference round: `rank` 1 is their first choice in that
    workshop's time slot. Replaced whole at each submission; frozen once the window closes."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="rankings", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="rankings", verbose_name=_("workshop")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workshop ranking")
        verbose_name_plural = _("workshop rankings")
        ordering = ["session__starts_at", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="events_ranking_once_per_workshop"
            ),
            models.CheckConstraint(condition=Q(rank__gt=0), name="events_ranking_rank_positive"),
        ]

    def __str__(self):
        return f"{self.registration} – {self.rank}. {self.session}"
