from django.contrib import admin

from nmc_portal.admin import ReadOnlyAdmin

from .models import (
    Article,
    ArticleComment,
    Community,
    Membership,
    ModerationLog,
    Reply,
    Report,
    Suspension,
    Thread,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["member"]
    fields = ["member", "role", "status", "request_message", "joined_at"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_fr", "joining", "visibility"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MembershipInline]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "author", "status", "pinned", "locked", "reply_count", "created_at"]
    list_filter = ["community", "status", "pinned", "locked"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    # Moderation (hide, restore, lock, remove, pin) happens through the queue, which writes the
    # moderation log; here those fields can be read, not changed.
    readonly_fields = ["body_html", "reply_count", "status", "pinned", "locked"]


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["author", "thread"]
    readonly_fields = ["body_html", "position", "status"]  # moderation: through the queue, logged


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "community",
        "author",
        "status",
        "published_at",
        "comments_closed",
        "visit_count",
    ]
    list_filter = ["community", "status", "comments_closed"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    # Text, tags and publication are saved by the services (search columns, slug); read here.
    readonly_fields = [
        "title",
        "slug",
        "body",
        "body_html",
        "language",
        "status",
        "published_at",
        "comment_count",
        "visit_count",
        "search_titles",
        "search_text_en",
        "search_text_fr",
    ]
    exclude = ["tags"]


@admin.register(ArticleComment)
class ArticleCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["author", "article"]
    readonly_fields = ["body_html", "status"]  # moderation: through the queue, logged


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "community", "reason", "status", "created_at"]
    list_filter = ["community", "status", "reason"]
    raw_id_fields = ["thread", "reply", "comment", "reporter"]
    readonly_fields = ["status"]  # decided in the moderation queue, logged


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["member", "community", "until", "lifted_at"]
    raw_id_fields = ["member", "created_by"]
    readonly_fields = ["until", "lifted_at"]  # suspended and lifted in the moderation queue, logged


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only (see the model and migration 0002)."""

    list_display = ["created_at", "community", "actor_name", "action", "target_label", "reason"]
    list_filter = ["community", "action"]
    actions = None
