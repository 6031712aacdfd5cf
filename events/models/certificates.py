"""Certificates of attendance: one current certificate per checked-in registration; reissuing one
(after a name is corrected) replaces it, and the old code then says so on the verification page."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registration import Registration

# No 0/O, 1/I/L: a code read aloud or typed from paper is never ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31^12: about 59 bits, never guessed


def new_certificate_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


class Certificate(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("registration")
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=new_certificate_code)
    full_name = models.CharField(_("name on the certificate"), max_length=150)
    hours = models.DecimalField(_("hours of learning"), max_digits=5, decimal_places=2)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(replaced_at__isnull=True),
                name="events_certificate_one_current",
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="events_certificate_hours_positive"),
        ]

    def __str__(self):
        return self.code

    @property
    def is_current(self):
        return self.replaced_at is None
