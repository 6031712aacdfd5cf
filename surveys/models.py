"""Surveys: post-event feedback and pre-event needs consultations, one engine for both.

A survey has questions (rating 1–5, single choice, multiple choice, free text, and "session ratings":
one 1–5 rating per session the respondent attended: see queries.sessions_to_rate). One response per
person: the response is found again by `respondent_key`, a keyed hash of (survey, member) that only the
server can compute. An anonymous survey stores nothing else about who answered: no link to the member.

The tables keep the names they had in the events app (events_survey, ...): the models moved, the data
did not.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event, Session
from members.models import Level, Region

FEEDBACK_DELAY = dt.timedelta(hours=2)  # after the last session ends
FEEDBACK_OPEN_FOR = dt.timedelta(days=14)


class Survey(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Post-event feedback")
        NEEDS = "needs", _("Needs consultation")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("event")
    )
    kind = models.CharField(_("kind of survey"), max_length=20, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Results and exports never show who answered."),
    )
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Invitations go out when the survey opens.")
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        default=7,
        help_text=_("One reminder to those who have not answered, this many days after the survey opens."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "events_survey"
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["event", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=Q(kind="feedback"), name="events_survey_one_feedback_per_event"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["feedback", "needs"]), name="events_survey_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="events_survey_closes_after_opening",
            ),
            models.CheckConstraint(condition=~Q(title_en=""), name="events_survey_title_en_required"),
        ]

    def __str__(self):
        return self.title_en

    @property
    def follows_event(self):
        """A feedback survey nobody has scheduled follows its event's agenda (see `window`)."""
        return self.kind == self.Kind.FEEDBACK and self.opens_at is None

    def window(self):
        """(opens, closes), either possibly None, derived when read.

        A feedback survey whose `opens_at` is empty opens 2 hours after the event's last session ends
        and stays open 14 days (or until `closes_at`, when an organizer set it): moving the agenda moves
        the survey, with no call from events into surveys. Once it opens, the beat job stores the window
        (`freeze_window`), so invitations already sent keep their dates.
        """
        if not self.follows_event:
            return self.opens_at, self.closes_at
        if not hasattr(self, "_derived_opens"):  # one query per instance: pages read the window often
            self._derived_opens = self.event.last_ends_at() + FEEDBACK_DELAY
        return self._derived_opens, self.closes_at or self._derived_opens + FEEDBACK_OPEN_FOR

    @property
    def open_from(self):
        return self.window()[0]

    @property
    def open_until(self):
        return self.window()[1]

    def has_opened(self, now=None):
        opens = self.window()[0]
        return opens is not None and opens <= (now or timezone.now())

    def has_closed(self, now=None):
        closes = self.window()[1]
        return closes is not None and closes <= (now or timezone.now())

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.has_opened(now) and not self.has_closed(now)


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating (1 to 5)")
        SESSION_RATING = "session_rating", _("Rating of each session attended (1 to 5)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of question"), max_length=20, choices=Kind.choices)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_fr = models.CharField(_("question (French)"), max_length=300, blank=True)
    help_en = models.CharField(_("hint (English)"), max_length=300, blank=True)
    help_fr = models.CharField(_("hint (French)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # For single and multiple choice: [{"en": "...", "fr": "..."}, ...]; answers store the indexes.
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        db_table = "events_question"
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["rating", "session_rating", "single", "multiple", "text"]),
                name="events_question_kind_valid",
            ),
        ]

    def __str__(self):
        return self.text_en

    @property
    def has_choices(self):
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # A keyed hash of (survey, member): finds one's own response to edit it; says nothing to anyone else.
    respondent_key = models.CharField(max_length=64)
    # Only for surveys that are not anonymous.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=10, default="en")
    # The respondent's region and level when they answered, copied from their profile (even when the
    # survey is anonymous): pages only ever count them, so a needs panel can say who asks for what.
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    level = models.CharField(_("position or level"), max_length=20, choices=Level.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "events_response"
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"], name="events_response_one_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        db_table = "events_answer"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "session"],
                name="events_answer_one_per_question",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="events_answer_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.question} ({self.response_id})"


class SessionNeed(models.Model):
    """A session that answers a need: one topic of a needs consultation (a choice of its topics
    question, by index; choices stop changing once anyone has answered). A need has zero or more."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="session_needs")
    choice = models.PositiveSmallIntegerField(_("topic"))
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="answered_needs",
        verbose_name=pgettext_lazy("agenda", "session"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("need answered by a session")
        verbose_name_plural = _("needs answered by sessions")
        ordering = ["question", "choice", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "choice", "session"], name="surveys_sessionneed_once"
            ),
        ]

    def __str__(self):
        return f"{self.question_id}#{self.choice} → {self.session_id}"


class FollowUp(models.Model):
    """An event's "after the day" discussion in its hosting community: started once when the event
    ends, the feedback survey's highlights added once when it closes, participants invited once."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="followup", verbose_name=_("event")
    )
    thread = models.ForeignKey(
        "communities.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discussion"),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    highlights_posted_at = models.DateTimeField(_("survey highlights posted"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up discussion")
        verbose_name_plural = _("follow-up discussions")

    def __str__(self):
        return f"Follow-up of {self.event}"


class NeedsSuggestion(models.Model):
    """The unmet needs of an event's consultation, suggested once to its hosting community as a
    discussion (surveys.needs_followups): the row is the "done" mark, its primary key the event."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="needs_suggestion",
        verbose_name=_("event"),
    )
    thread = models.ForeignKey(
        "communities.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discussion"),
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)

    class Meta:
        verbose_name = _("needs suggested to a community")
        verbose_name_plural = _("needs suggested to communities")

    def __str__(self):
        return f"Needs suggested after {self.event}"
