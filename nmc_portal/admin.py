"""The Django admin shows recorded emails read-only: they are a log of what was sent, not data to edit."""

from django.contrib import admin

from .models import BarrierReport, OutboundEmail, PrivacyNotice, RetentionRun
from .privacy import publish_new_version


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to administrators, changed only by the code that owns the rows (it keeps their counters,
    emails and audit): no add, change or delete here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "recipient_email", "status", "attempts", "sent_at", "topic"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient_email", "object_key", "topic", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    """Accessibility reports, newest first: administrators follow each up and record its status."""

    list_display = ["created_at", "kind", "page", "email", "language", "status"]
    list_filter = ["status", "kind", "language"]
    list_editable = ["status"]
    search_fields = ["description", "page", "email", "name"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "page",
        "description",
        "name",
        "email",
        "language",
        "reporter",
        "created_at",
        "status",
        "notes",
    ]
    readonly_fields = ["kind", "page", "description", "name", "email", "language", "reporter", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["ran_at", "job", "counts"]
    list_filter = ["job"]
    readonly_fields = ["job", "ran_at", "counts"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """Editing a notice publishes its next version: what members accepted keeps its wording."""

    list_display = ["collection", "version", "published_at"]
    list_filter = ["collection"]
    readonly_fields = ["version", "published_at"]

    def save_model(self, request, obj, form, change):
        publish_new_version(obj)

    def has_delete_permission(self, request, obj=None):
        return False
