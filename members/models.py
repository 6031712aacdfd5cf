import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from .departments import department_name


def new_calendar_token():
    """The secret in a member's calendar feed address: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


class Region(models.TextChoices):
    ATLANTIC = "atlantic", _("Atlantic")
    QUEBEC = "quebec", _("Quebec")
    NCR = "ncr", _("National Capital Region")
    ONTARIO = "ontario", _("Ontario")
    PRAIRIES = "prairies", _("Prairies")
    PACIFIC = "pacific", _("Pacific")
    NORTH = "north", _("North")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class Level(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor or team leader")
    MANAGER = "manager", _("Manager")
    SENIOR_MANAGER = "senior_manager", _("Senior manager")
    EXECUTIVE = "executive", _("Executive (EX)")
    ASPIRING = "aspiring", _("Aspiring manager")
    OTHER = "other", _("Other")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member, signed in by email. The profile lives on the same row: one lookup per request."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    department = models.CharField(_("department or agency"), max_length=20, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    position = models.CharField(_("position or level"), max_length=20, choices=Level.choices, blank=True)
    preferred_language = models.CharField(
        _("preferred official language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    directory_visible = models.BooleanField(
        _("list me in the member directory"),
        default=False,
        help_text=_("Other signed-in members can find you by name, department and region."),
    )
    interests = TaggableManager(
        _("interests"),
        blank=True,
        help_text=_("Topics you would talk about with peers, separated by commas."),
    )
    notify_replies = models.BooleanField(
        _("email me when someone replies to my discussions"),
        default=True,
        help_text=_("One email per reply to a discussion you started in a community."),
    )
    community_digest = models.BooleanField(
        _("send me the weekly digest of my communities"),
        default=True,
        help_text=_("Every Monday: the new discussions of the past week in your communities."),
    )
    event_followups = models.BooleanField(
        _("invite me to the follow-up discussion after events I attend"),
        default=True,
        help_text=_("One email per event, when it ends: its materials and what participants said."),
    )
    needs_answered = models.BooleanField(
        _("tell me when an agenda answers a needs consultation I took part in"),
        default=True,
        help_text=_("One email per consultation, when the event's agenda is published."),
    )
    show_events_on_profile = models.BooleanField(
        _("show the events I attend on my directory profile"),
        default=False,
        help_text=_("Only with the member directory listing on; other members see upcoming events only."),
    )
    # The private calendar feed (/calendar/<token>.ics) is addressed by this secret; resetting it
    # replaces the address, and the old one answers 404 from then on.
    calendar_token = models.CharField(
        _("calendar address key"), max_length=64, unique=True, default=new_calendar_token, editable=False
    )
    # When the member was warned that their inactive account would be erased (members.retention); a
    # sign-in after it cancels the warning.
    inactivity_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The version of the account privacy notice shown on the sign-up form the member sent.
    privacy_notice = models.ForeignKey(
        "nmc_portal.PrivacyNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_staff = models.BooleanField(_("admin"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(pgettext_lazy("member", "date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(preferred_language__in=["en", "fr"]),
                name="members_user_language_valid",
            ),
        ]
        # The member directory's listed members. Its pages sort them with the page language's collation
        # (nmc_portal.collation), which this index cannot serve: PostgreSQL sorts the listed rows it finds.
        indexes = [
            models.Index(
                Lower("full_name"),
                "id",
                name="members_directory_name",
                condition=models.Q(directory_visible=True, is_active=True),
            )
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def department_name(self):
        return department_name(self.department)
