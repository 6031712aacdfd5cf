"""Communities of practice: communities, memberships, discussions, reports and the moderation log."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from members.models import Language
from nmc_portal.dates import format_datetime
from nmc_portal.search_text import Fold, JoinVectors

# Page sizes of a community's thread list and of a thread's replies; a reply's link names its page.
THREADS_PER_PAGE = 20
REPLIES_PER_PAGE = 50
ARTICLES_PER_PAGE = 20


class Joining(models.TextChoices):
    OPEN = "open", _("Open: anyone can join")
    APPROVAL = "approval", _("On approval by a moderator")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read the discussions")
    MEMBERS = "members", _("Members only: discussions are visible to members")


class Community(models.Model):
    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    description_en = models.TextField(_("description (English)"))
    description_fr = models.TextField(_("description (French)"))
    joining = models.CharField(_("joining"), max_length=10, choices=Joining.choices, default=Joining.OPEN)
    visibility = models.CharField(
        _("discussions"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["slug"]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})

    @property
    def is_open(self):
        return self.joining == Joining.OPEN

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Request pending")
    ACTIVE = "active", _("Member")


class Membership(models.Model):
    """A member's place in a community; a pending row is a join request awaiting a moderator."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    request_message = models.TextField(_("message to the moderators"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "member"], name="communities_one_membership"),
        ]
        indexes = [models.Index(fields=["community", "status", "requested_at"])]

    def __str__(self):
        return f"{self.member} in {self.community}"

    @property
    def is_active(self):
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_moderator(self):
        return self.is_active and self.role == Role.MODERATOR


class Suspension(models.Model):
    """A member may not post or report in a community until `until` (or until lifted).

    Kept apart from Membership so that leaving and re-joining does not end a suspension.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="suspensions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_suspensions"
    )
    until = models.DateTimeField(_("suspended until"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        indexes = [models.Index(fields=["community", "member", "until"])]

    def __str__(self):
        return f"{self.member} suspended from {self.community} until {format_datetime(self.until)}"


class PostStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")
    AUTO_HIDDEN = "auto_hidden", _("Hidden after reports, awaiting a moderator")
    REMOVED = "removed", _("Removed by a moderator")


class Translatable(models.Model):
    """The author's own translation of what they wrote (in `language`) into the other official language
    (services.translate_post, translate_article), shown to readers of that language; empty while there is
    none. Search, feeds and digests use the original."""

    translation = models.TextField(_("translation"), blank=True, default="")
    translation_html = models.TextField(editable=False, blank=True, default="")
    translated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def translation_language(self):
        """The other official language: the one a translation is written in."""
        return Language.FRENCH if self.language == Language.ENGLISH else Language.ENGLISH

    @property
    def has_translation(self):
        return bool(self.translation_html)


class Post(Translatable):
    """What threads and replies share: Markdown from a member, rendered once and sanitized."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    language = models.CharField(
        _("language of your message"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(max_length=12, choices=PostStatus.choices, default=PostStatus.VISIBLE)
    moderation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_visible(self):
        return self.status == PostStatus.VISIBLE

    @property
    def is_hidden(self):
        return self.status in (PostStatus.HIDDEN, PostStatus.AUTO_HIDDEN)

    @property
    def is_removed(self):
        return self.status == PostStatus.REMOVED


class Thread(Post):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    translated_title = models.CharField(_("translated title"), max_length=200, blank=True, default="")
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # What the site search matches (search.queries), derived by PostgreSQL from the row's own text folded
    # (nmc_portal.search_text.Fold), so every write path keeps it current: the title (A) in both
    # configurations, the message (B) in the configuration of its language.
    search_vector = models.GeneratedField(
        expression=JoinVectors(
            SearchVector(Fold("title"), config="english", weight="A"),
            SearchVector(Fold("title"), config="french", weight="A"),
            models.Case(
                models.When(language="fr", then=SearchVector(Fold("body"), config="french", weight="B")),
                default=SearchVector(Fold("body"), config="english", weight="B"),
                output_field=SearchVectorField(),
            ),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        indexes = [
            models.Index(fields=["community", "-pinned", "-last_activity_at", "-id"]),
            GinIndex(fields=["search_vector"], name="communities_thread_search"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communities:thread", kwargs={"slug": self.community.slug, "pk": self.pk})

    kind = "thread"


class Reply(Post):
    """A reply's `position` (1, 2, 3...) in its thread makes page N an index range scan.

    Positions are handed out under a lock on the thread, so they never collide or skip;
    hidden and removed replies keep theirs, so pages do not shift under readers.
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    position = models.PositiveIntegerField(editable=False)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(fields=["thread", "position"], name="communities_reply_position_unique"),
        ]

    def __str__(self):
        return f"Reply {self.position} in {self.thread}"

    def get_absolute_url(self):
        return self.thread.get_absolute_url() + f"?page={self.page_number}#reply-{self.pk}"

    kind = "reply"

    @property
    def community(self):
        return self.thread.community

    @property
    def page_number(self):
        return (self.position - 1) // REPLIES_PER_PAGE + 1


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(Translatable):
    """A member's article (the seeds' blog posts): on its own, or in a community the author belongs to.

    A draft is seen by its author only. A published article on its own is read by everyone (visitors
    too, like the discussions of a public community); one in a community is read by whoever may read
    that community's discussions (rules.can_read_published_article, its SQL twin rules.readable_articles).

    Search: the services that save an article store accent-folded copies of its text (`search_titles`:
    title and tags; `search_text_en` / `search_text_fr`: the body, in the column of its language);
    PostgreSQL derives `search_vector` from them (a generated column, as for learning's resources).
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="articles")
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=200)
    translated_title = models.CharField(_("translated title"), max_length=200, blank=True, default="")
    slug = models.SlugField(_("short name in the address"), max_length=200, allow_unicode=False)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    language = models.CharField(
        _("language of the article"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    comments_closed = models.BooleanField(_("comments closed"), default=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    visit_count = models.PositiveIntegerField(_("visits"), default=0, editable=False)
    tags = TaggableManager(_("tags"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="communities_published_article_has_a_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="communities_article_list"),
            models.Index(fields=["community", "status", "-published_at"], name="communities_article_cmty"),
            models.Index(fields=["author", "-created_at"], name="communities_article_author"),
            GinIndex(fields=["search_vector"], name="communities_article_search"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug or "article"})

    kind = "article"

    @property
    def is_published(self):
        return self.status == ArticleStatus.PUBLISHED


class ArticleComment(Post):
    """A comment on an article: a post like a reply, reported and moderated in the same queue and log."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["article", "created_at", "id"], name="communities_comment_order")]

    def __str__(self):
        return f"Comment {self.pk} on {self.article}"

    def get_absolute_url(self):
        return self.article.get_absolute_url() + f"#comment-{self.pk}"

    kind = "comment"

    @property
    def community(self):
        return self.article.community


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    HARASSMENT = "harassment", _("Harassment or abuse")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved by a moderator")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """A member's report on a thread (reply empty), on a reply, or on an article's comment (thread
    empty), with the content as it was then.

    `community` is empty for a comment on an article published on its own: the portal's admins
    moderate those (views.ArticleModerationQueueView).
    """

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    comment = models.ForeignKey(
        ArticleComment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    text = models.TextField(_("details"), blank=True)
    snapshot = models.TextField(_("content as reported"))
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "thread"],
                condition=models.Q(reply__isnull=True),
                name="communities_one_report_per_thread",
            ),
            models.UniqueConstraint(
                fields=["reporter", "reply"],
                condition=models.Q(reply__isnull=False),
                name="communities_one_report_per_reply",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(comment__isnull=False),
                name="communities_one_report_per_comment",
            ),
            # A report is on a thread (or one of its replies), or on an article's comment.
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, comment__isnull=True)
                | models.Q(thread__isnull=True, reply__isnull=True, comment__isnull=False),
                name="communities_report_has_one_item",
            ),
        ]
        indexes = [models.Index(fields=["community", "status", "created_at"])]

    def __str__(self):
        return f"Report {self.pk} ({self.reason})"

    @property
    def item(self):
        return self.comment or self.reply or self.thread


class Action(models.TextChoices):
    HIDE = "hide", _("Hide")
    AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
    RESTORE = "restore", _("Restore")
    REMOVE = "remove", _("Remove")
    LOCK = "lock", _("Lock")
    UNLOCK = "unlock", _("Unlock")
    PIN = "pin", _("Pin")
    UNPIN = "unpin", _("Unpin")
    DISMISS = "dismiss", _("Dismiss the reports")
    SUSPEND = "suspend", _("Suspend the author")
    LIFT = "lift", _("Lift a suspension")
    ACCEPT = "accept", _("Accept a join request")
    DECLINE = "decline", _("Decline a join request")
    CLOSE_COMMENTS = "close_comments", _("Close the comments")
    REOPEN_COMMENTS = "open_comments", _("Reopen the comments")


class AppendOnlyError(Exception):
    pass


class ModerationLog(models.Model):
    """Who did what to which item, when and why. Rows are never changed or deleted.

    save() refuses updates and delete() refuses deletes here; a PostgreSQL trigger
    (migration 0002) refuses UPDATE and DELETE for queryset.update(), .delete() and raw SQL.
    The actor and target are copied as text so the record outlives deleted accounts, and
    the actor is a plain id (no foreign key cascade that would have to delete log rows).
    `community` is empty for actions on articles published on their own (admins moderate those).
    """

    community = models.ForeignKey(Community, on_delete=models.PROTECT, null=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=254)
    action = models.CharField(_("action"), max_length=14, choices=Action.choices)
    target_type = models.CharField(_("item type"), max_length=10)
    target_id = models.PositiveBigIntegerField(_("item id"))
    target_label = models.CharField(_("item"), max_length=300)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "-created_at"])]

    def __str__(self):
        return f"{format_datetime(self.created_at)} {self.actor_name} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The moderation log is append-only: entries cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The moderation log is append-only: entries cannot be deleted.")
