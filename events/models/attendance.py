"""Attendance per workshop, and the check-in helpers an event's organizers name.

A `WorkshopAttendance` row says "this registration was present at this workshop": one row per
registration and workshop (a unique constraint), so marking twice is one row and undoing deletes it.
It is its own row rather than two fields on `WorkshopChoice` so that it outlives what happens to the
choice afterwards (an organizer moving or cancelling the place after the workshop does not erase that
the person was there). Who may be marked is decided by the service (events.services.attendance): a
confirmed registration with a place (confirmed, or on the waitlist and taking a free chair) in that
workshop; walk-ins with no place at all are refused, since the roster is the sign-up list.

A `CheckInHelper` may mark attendance and read the attendance rosters of one event, nothing else.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .agenda import Event, Session
from .registration import Registration


class WorkshopAttendance(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("workshop")
    )
    marked_at = models.DateTimeField(_("marked present"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("workshop attendance")
        verbose_name_plural = _("workshop attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="events_attendance_once_per_workshop"
            )
        ]
        indexes = [models.Index(fields=["session"], name="events_attendance_session")]

    def __str__(self):
        return f"{self.registration} – {self.session}"


class CheckInHelper(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="check_in_helpers", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="check_in_help",
        verbose_name=_("member"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-in helper")
        verbose_name_plural = _("check-in helpers")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="events_helper_once_per_event")]

    def __str__(self):
        return f"{self.user} – {self.event}"
