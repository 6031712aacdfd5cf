from django.contrib import admin

from .models import Comment, Resource, Revision, UsefulVote


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    """Read and tidy only: content changes go through the library's pages, which keep revisions."""

    list_display = ["__str__", "kind", "language", "audience", "event", "community", "updated_at"]
    list_filter = ["kind", "language", "audience"]
    search_fields = ["title_en", "title_fr", "slug"]
    readonly_fields = ["revision_count", "created_by", "file_name", "file_type", "file_size"]
    exclude = ["body_html"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["resource", "number", "change_note", "author", "created_at"]
    list_select_related = ["resource", "author"]

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(UsefulVote)
admin.site.register(Comment)
