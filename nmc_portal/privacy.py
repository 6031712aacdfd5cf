"""Privacy notices at collection: the current notice of each form, and the version a person saw."""

from django.db import transaction
from django.db.models import Max

from .models import PrivacyNotice
from .privacy_wording import first_version

Collection = PrivacyNotice.Collection


def current_notice(collection):
    """The latest version of the collection's notice; version 1 is published again if it went missing."""
    notice = PrivacyNotice.objects.filter(collection=collection).order_by("-version").first()
    if notice is None:
        notice, _created = PrivacyNotice.objects.get_or_create(
            collection=collection, version=1, defaults=first_version(collection)
        )
    return notice


def notice_seen(collection, notice_id):
    """The notice a form says it showed (its hidden `privacy_notice` value), if it is one of this
    collection's; else the current one. Whatever was sent, never an error."""
    if str(notice_id or "").isdigit() and len(str(notice_id)) < 10:
        notice = PrivacyNotice.objects.filter(collection=collection, pk=int(notice_id)).first()
        if notice is not None:
            return notice
    return current_notice(collection)


@transaction.atomic
def publish_new_version(notice):
    """Save `notice` (new wording) as the collection's next version; earlier versions are kept."""
    PrivacyNotice.objects.select_for_update().filter(collection=notice.collection).exists()
    last = PrivacyNotice.objects.filter(collection=notice.collection).aggregate(last=Max("version"))["last"]
    notice.pk = None
    notice._state.adding = True
    notice.version = (last or 0) + 1
    notice.save()
    return notice


def notice_record(notice):
    """A notice version as a member's data export shows it."""
    return {
        "notice": notice.collection,
        "version": notice.version,
        "published": notice.published_at.isoformat(),
    }
