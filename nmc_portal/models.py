"""Records shared by every app. OutboundEmail: every email is a row before it is sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """One email to one person about one thing.

    (kind, recipient_email, object_key) is unique: queueing the same email twice finds the same row,
    and a send task sends a row only after claiming it (claimed_by, while it is pending and unclaimed)
    and marks it sent once the mail server took it. That row, not the broker, is what keeps a retried
    task, a duplicated beat tick or a restarted worker from sending an email twice; the beat sweep
    (next_attempt_at) is what keeps a lost task or a dead worker's claim from dropping one. See
    nmc_portal.emails for the one copy a worker killed at the wrong instant may send again.
    """

    class Kind(models.TextChoices):
        """Every kind of email the portal sends: one per message template, labelled for organizers."""

        REGISTRATION_RECEIVED = "registration_received", _("Registration received")
        REGISTRATION_PROMOTED = "registration_promoted", _("Place from the waitlist")
        WORKSHOP_PROMOTED = "workshop_promoted", _("Workshop seat from the waitlist")
        WAITLIST_OFFER = "waitlist_offer", _("Offer of a place from the waitlist")
        ORGANIZER_MESSAGE = "organizer_message", _("Message from the organizers")
        ORGANIZER_MESSAGE_TEST = "organizer_message_test", _("Test of a message from the organizers")
        EVENT_REMINDER = "event_reminder", _("Reminder before the event")
        SESSION_CHANGED = "session_changed", _("Session moved")
        SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
        SURVEY_INVITATION = "survey_invitation", _("Feedback survey invitation")
        SURVEY_REMINDER = "survey_reminder", _("Feedback survey reminder")
        COMMUNITY_JOIN_ACCEPTED = "community_join_accepted", _("Community request accepted")
        COMMUNITY_JOIN_DECLINED = "community_join_declined", _("Community request declined")
        COMMUNITY_REPLY = "community_reply", _("Reply to a discussion")
        COMMUNITY_CONTENT_HIDDEN = "community_content_hidden", _("Post hidden by a moderator")
        COMMUNITY_DIGEST = "community_digest", _("Weekly community digest")
        EVENT_FOLLOWUP = "event_followup", _("Invitation to the follow-up discussion")
        BARRIER_REPORT_RECEIVED = "barrier_report_received", _("Accessibility report received")
        BARRIER_REPORT_NEW = "barrier_report_new", _("New accessibility report, for administrators")
        ACCOUNT_INACTIVE = "account_inactive", _("Warning before an inactive account is erased")
        NEEDS_AGENDA_PUBLISHED = "needs_agenda_published", _("Agenda answering a needs consultation")
        PREFERENCE_RESULT = "preference_result", _("Workshops assigned by the preference round")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbound_emails",
        verbose_name=_("recipient"),
    )
    recipient_email = models.EmailField(_("recipient's email"))
    object_key = models.CharField(_("about"), max_length=200)
    # What the email belongs to, for the people who look after it ("event:12"): organizers list an
    # event's emails by it. Free text, so no app depends on another's models.
    topic = models.CharField(_("topic"), max_length=100, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the beat sweep may (re)enqueue a pending row: its creation, the end of a retry's backoff,
    # or the end of the lease the sweep takes when it enqueues the row.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # The send task that took the row (host:pid:run) and when; next_attempt_at is then the end of its
    # lease. Emptied when the row goes back to waiting (a retry, a dead worker's claim taken back).
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True, default="")
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient_email", "object_key"], name="nmc_outbound_email_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed"]),
                name="nmc_outbound_email_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="nmc_outbound_email_due")]

    def __str__(self):
        return f"{self.kind} → {self.recipient_email} ({self.object_key})"


class FormSubmission(models.Model):
    """A create form's one-time token, recorded in the transaction that creates what it asked for.

    Every create form carries a fresh token (nmc_portal.submissions). A double click, a browser retry
    or twenty parallel submits of the same form insert the same primary key: PostgreSQL lets one
    transaction through and the others find its row and are sent where the first one went.
    """

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    redirect_to = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.token)


class BarrierReport(models.Model):
    """An accessibility barrier someone met on the portal, or a request for a document in another format.

    Anyone may send one, signed in or not (a barrier may be what keeps them from signing in). It is
    acknowledged by email and listed for administrators with its status. `token` is the form's
    one-time token: a double click records one report.
    """

    class Kind(models.TextChoices):
        BARRIER = "barrier", _("A barrier on a page")
        ALTERNATE_FORMAT = "alternate_format", _("A document in another format")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    token = models.UUIDField(unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BARRIER)
    page = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("description"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barrier_reports",
        verbose_name=_("reported by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    notes = models.TextField(_("notes for administrators"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["received", "in_progress", "resolved"]),
                name="nmc_barrier_report_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["barrier", "alternate_format"]),
                name="nmc_barrier_report_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class RetentionRun(models.Model):
    """What a retention job removed, as counts (never the content): the record that it ran."""

    job = models.CharField(_("job"), max_length=60)
    ran_at = models.DateTimeField(_("ran at"), default=timezone.now, db_index=True)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.job} {self.ran_at:%Y-%m-%d %H:%M}"


class PrivacyNotice(models.Model):
    """What a form that collects personal information tells people (Privacy Act, Directive on Privacy
    Practices): the purpose, the authority, use and disclosure, retention, and how to see or correct it.

    One bilingual place for the wording, in versions: an administrator's edit records a new version
    (nmc_portal.admin) and the old one stays, because what a member agreed to names its version.
    """

    class Collection(models.TextChoices):
        ACCOUNT = "account", _("Account: sign-up and profile")
        EVENT_REGISTRATION = "event_registration", _("Event registration and its needs")
        SURVEY = "survey", _("Surveys and consultations")
        REPORT = "report", _("Reports to moderators and administrators")

    collection = models.CharField(_("form"), max_length=30, choices=Collection.choices)
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    purpose_en = models.TextField(_("purpose (English)"))
    purpose_fr = models.TextField(_("purpose (French)"))
    authority_en = models.TextField(_("authority (English)"))
    authority_fr = models.TextField(_("authority (French)"))
    use_en = models.TextField(_("use and disclosure (English)"))
    use_fr = models.TextField(_("use and disclosure (French)"))
    retention_en = models.TextField(_("retention (English)"))
    retention_fr = models.TextField(_("retention (French)"))
    access_en = models.TextField(_("access and correction (English)"))
    access_fr = models.TextField(_("access and correction (French)"))

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["collection", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "version"], name="nmc_privacy_notice_version_once"),
            models.CheckConstraint(
                condition=models.Q(collection__in=["account", "event_registration", "survey", "report"]),
                name="nmc_privacy_notice_collection_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_collection_display()} v{self.version}"
