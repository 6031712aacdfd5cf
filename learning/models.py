"""The resource library: resources, their revisions, useful votes and comments.

A resource's current content lives on the resource; every edit also keeps a Revision
(an append-only history), so the history page and diffs never need the resource's row.

Search: the service that saves a resource stores accent-folded copies of its text
(`search_titles`, `search_text_en`, `search_text_fr`, see learning.indexing); PostgreSQL
derives `search_vector` from them (a generated column: it cannot drift from the text) with
the English configuration for English text and the French one for French text.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from communities.models import ReportReason, ReportStatus


class Kind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    PLAYBOOK = "playbook", _("Playbook")
    TOOLKIT = "toolkit", _("Toolkit")
    VIDEO = "video", _("Video")
    LINK = "link", _("Link")
    FILE = "file", _("File")
    NEWS = "news", _("News with commentary")


class ResourceLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    BILINGUAL = "bilingual", _("Bilingual")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone, including visitors who are not signed in")
    MEMBERS = "members", _("Signed-in members only")


def upload_path(resource, filename):
    """Files go under learning/<year>/<month>/ with the name the upload check settled on."""
    return timezone.now().strftime("learning/%Y/%m/") + filename


class Resource(models.Model):
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    kind = models.CharField(_("kind of resource"), max_length=10, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    language = models.CharField(
        _("language of the resource"),
        max_length=10,
        choices=ResourceLanguage.choices,
        default=ResourceLanguage.ENGLISH,
    )
    url = models.URLField(_("web address of the resource"), max_length=500, blank=True)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    audience = models.CharField(
        _("who can see it"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_resources",
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_resources",
    )
    file = models.FileField(_("file"), upload_to=upload_path, blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(_("file type"), max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    tags = TaggableManager(_("tags"), blank=True)
    revision_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Accent-folded text kept by services.save_resource; the vector is derived by PostgreSQL.
    search_titles = models.TextField(editable=False, blank=True, default="")
    search_text_en = models.TextField(editable=False, blank=True, default="")
    search_text_fr = models.TextField(editable=False, blank=True, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_titles", config="english", weight="A")
        + SearchVector("search_titles", config="french", weight="A")
        + SearchVector("search_text_en", config="english", weight="B")
        + SearchVector("search_text_fr", config="french", weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["guide", "playbook", "toolkit", "video", "link", "file", "news"]),
                name="learning_resource_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr", "bilingual"]), name="learning_resource_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=["public", "members"]), name="learning_resource_audience_valid"
            ),
            models.CheckConstraint(
                condition=~Q(title_en="") | ~Q(title_fr=""), name="learning_resource_has_a_title"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="learning_resource_search"),
            models.Index(fields=["kind", "-created_at"], name="learning_resource_kind"),
            models.Index(fields=["event", "-created_at"], name="learning_resource_event"),
            models.Index(fields=["community", "-created_at"], name="learning_resource_community"),
        ]

    def __str__(self):
        return self.title_en or self.title_fr

    def get_absolute_url(self):
        return reverse("learning:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.audience == Audience.PUBLIC

    @property
    def has_file(self):
        return bool(self.file)


class Revision(models.Model):
    """The content of a resource after one edit, with who made it and why. Never changed afterwards."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    body = models.TextField(_("text"), blank=True)
    # Empty when the portal made the revision (a first version, a restore): `note` words it in the
    # reader's language rather than in the language of whoever saved it.
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    restored_from = models.PositiveIntegerField(_("restored from revision"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="learning_revision_number_unique"),
        ]

    def __str__(self):
        return f"{self.resource} r{self.number}"

    @property
    def note(self):
        if self.change_note:
            return self.change_note
        if self.restored_from:
            return gettext("Restored revision %(number)s") % {"number": self.restored_from}
        return gettext("First version")


class UsefulVote(models.Model):
    """One member found one resource useful: at most one row per member and resource."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("useful vote")
        verbose_name_plural = _("useful votes")
        constraints = [
            models.UniqueConstraint(fields=["resource", "member"], name="learning_one_vote_per_member"),
        ]
        indexes = [models.Index(fields=["created_at", "resource"], name="learning_vote_recent")]

    def __str__(self):
        return f"{self.member} found {self.resource} useful"


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Comment(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.VISIBLE)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["resource", "created_at"], name="learning_comment_resource")]

    def __str__(self):
        return f"Comment {self.pk} on {self.resource}"


class CommentReport(models.Model):
    """A member's report on a comment: the same reasons and statuses as a report in a community.

    One per member and comment. A moderator of the resource's community, or an admin, hides
    the comment, which resolves its open reports.
    """

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    text = models.TextField(_("details"), blank=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="learning_one_report_per_comment"),
        ]
        indexes = [models.Index(fields=["comment", "status"], name="learning_report_comment")]

    def __str__(self):
        return f"Report {self.pk} on comment {self.comment_id} ({self.reason})"
