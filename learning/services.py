"""Everything that changes the library: resources and their revisions, files, votes, comments.

Every content change goes through save_revision(), which numbers revisions under a lock on
the resource and refreshes the folded search text in the same transaction.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from communities.models import ReportReason, ReportStatus
from communities.sanitize import render_markdown
from nmc_portal.errors import DomainError

from .indexing import search_fields
from .models import Comment, CommentReport, CommentStatus, Resource, Revision, UsefulVote

CONTENT_FIELDS = ("title_en", "title_fr", "summary_en", "summary_fr", "body")
# Paths of the library's own pages: a resource may not take one of them as its address.
RESERVED_SLUGS = {"search", "recherche", "new", "nouvelle", "tags", "etiquettes", "events", "evenements"}


def unique_slug(title):
    base = slugify(title)[:70] or "resource"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Resource.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def refresh_search_text(resource):
    """Store the accent-folded text PostgreSQL builds the search vector from (a generated column)."""
    fields = search_fields(
        title_en=resource.title_en,
        title_fr=resource.title_fr,
        summary_en=resource.summary_en,
        summary_fr=resource.summary_fr,
        body=resource.body,
        language=resource.language,
        tag_names=sorted(tag.name for tag in resource.tags.all()),
    )
    Resource.objects.filter(pk=resource.pk).update(**fields)
    for name, value in fields.items():
        setattr(resource, name, value)


def attach_file(resource, upload, checked):
    """Store an upload that learning.uploads.check_upload accepted, under the name and type it found."""
    replaced = resource.file.name if resource.file else None
    resource.file.save(checked.name, upload, save=False)
    if replaced:
        storage = resource.file.storage
        # Only once the new file is recorded: a rolled-back edit must not lose the old one.
        transaction.on_commit(lambda: storage.delete(replaced))
    resource.file_name = checked.name
    resource.file_type = checked.content_type
    resource.file_size = checked.size


def create_resource(*, author, change_note="", tags=(), upload=None, checked_file=None, slug=None, **fields):
    """A new resource and its first revision (its address made from its title unless `slug` is given)."""
    if not (fields.get("title_en") or fields.get("title_fr")):
        raise DomainError(_("Give the resource a title in English or in French."))
    with transaction.atomic():
        resource = Resource(created_by=author, **fields)
        resource.slug = slug or unique_slug(resource.title_en or resource.title_fr)
        resource.body_html = render_markdown(resource.body)
        if upload is not None:
            attach_file(resource, upload, checked_file)
        resource.revision_count = 1
        resource.save()
        resource.tags.set(list(tags))
        Revision.objects.create(
            resource=resource,
            number=1,
            author=author,
            change_note=change_note,
            **{name: getattr(resource, name) for name in CONTENT_FIELDS},
        )
        refresh_search_text(resource)
    return resource


def update_resource(*, resource, author, change_note, tags=None, upload=None, checked_file=None, **fields):
    """Save an edit: the resource's new content and a new revision with the change note."""
    if not change_note.strip():
        raise DomainError(_("Say what you changed: it is kept in the history."))
    with transaction.atomic():
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        if not (locked.title_en or locked.title_fr):
            raise DomainError(_("Give the resource a title in English or in French."))
        if upload is not None:
            attach_file(locked, upload, checked_file)
        if tags is not None:
            locked.tags.set(list(tags))
        save_revision(locked, author=author, change_note=change_note)
    return locked


def save_revision(resource, *, author, change_note, restored_from=None):
    """Number and keep a revision of the resource's current content; the caller holds the row lock."""
    resource.revision_count += 1
    resource.body_html = render_markdown(resource.body)
    resource.save()
    revision = Revision.objects.create(
        resource=resource,
        number=resource.revision_count,
        author=author,
        change_note=change_note,
        restored_from=restored_from,
        **{name: getattr(resource, name) for name in CONTENT_FIELDS},
    )
    refresh_search_text(resource)
    return revision


def restore_revision(*, resource, number, author):
    """Bring back an older revision's content, recorded as a new revision (history is never rewritten)."""
    with transaction.atomic():
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        old = Revision.objects.filter(resource=locked, number=number).first()
        if old is None:
            raise DomainError(_("There is no such revision."))
        if old.number == locked.revision_count:
            raise DomainError(_("This revision is already the current one."))
        for name in CONTENT_FIELDS:
            setattr(locked, name, getattr(old, name))
        return save_revision(
            locked,
            author=author,
            change_note="",  # Revision.note says "Restored revision N" in each reader's language
            restored_from=old.number,
        )


def mark_useful(*, resource, member):
    """Idempotent: a member's second vote for the same resource is the first one."""
    vote, _created = UsefulVote.objects.get_or_create(resource=resource, member=member)
    return vote


def unmark_useful(*, resource, member):
    UsefulVote.objects.filter(resource=resource, member=member).delete()


def post_comment(*, resource, author, body):
    if not body.strip():
        raise DomainError(_("Write a comment first."), field="body")
    return Comment.objects.create(
        resource=resource, author=author, body=body, body_html=render_markdown(body)
    )


def report_comment(*, comment, reporter, reason, text=""):
    """One report per member per comment, as in communities: "other" needs a word of explanation."""
    if comment.author_id == reporter.pk:
        raise DomainError(_("You cannot report your own comment."))
    if reason == ReportReason.OTHER and not text.strip():
        raise DomainError(_("Tell the moderators what is wrong."))
    try:
        with transaction.atomic():
            return CommentReport.objects.create(
                comment=comment, reporter=reporter, reason=reason, text=text.strip()
            )
    except IntegrityError as error:
        raise DomainError(_("You have already reported this comment.")) from error


def hide_comment(*, comment):
    """Hide a comment from readers and resolve its open reports (the permission is the caller's)."""
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN)
        comment.status = CommentStatus.HIDDEN
        CommentReport.objects.filter(comment=comment, status=ReportStatus.OPEN).update(
            status=ReportStatus.RESOLVED, closed_at=timezone.now()
        )
    return comment
