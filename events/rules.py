"""Who may see and manage an event. Templates ask {% has_perm %}; views use ManageEventMixin.

`public_events()` and `readable_events(user)` are the SQL twins of is_public_event and
"events.view_event": lists (the search) embed them, and a test checks that each pair answers alike.
"""

import rules
from django.db.models import Exists, OuterRef, Q

from members.rules import is_admin, is_member

from .models import Event


@rules.predicate
def is_event_organizer(user, event):
    """On the event's organizer team. The answer is kept on the event for the rest of the request."""
    if event is None or not (user and user.is_authenticated and user.is_active):
        return False
    cache = event.__dict__.setdefault("_organizer_cache", {})
    if user.pk not in cache:
        cache[user.pk] = event.organizers.filter(pk=user.pk).exists()
    return cache[user.pk]


@rules.predicate
def is_check_in_helper(user, event):
    """Named by the event's organizers to mark attendance (events.models.CheckInHelper)."""
    if event is None or not (user and user.is_authenticated and user.is_active):
        return False
    cache = event.__dict__.setdefault("_helper_cache", {})
    if user.pk not in cache:
        cache[user.pk] = event.check_in_helpers.filter(user=user).exists()
    return cache[user.pk]


@rules.predicate
def is_any_event_organizer(user):
    return bool(user and user.is_authenticated and user.is_active and user.organized_events.exists())


@rules.predicate
def is_public_event(user, event):
    """Published, completed and cancelled events are public; drafts are not."""
    return event is not None and event.status != "draft"


can_manage_event = is_event_organizer | is_admin
can_create_event = is_member & (is_any_event_organizer | is_admin)

rules.add_perm("events.manage_event", can_manage_event)
rules.add_perm("events.view_event", is_public_event | can_manage_event)
rules.add_perm("events.add_event", can_create_event)
# Attendance rosters and marking: the organizers, or the check-in helpers they named for this event.
rules.add_perm("events.mark_attendance", can_manage_event | is_check_in_helper)


def public_events():
    """Events everyone may read (the SQL twin of is_public_event): every status but draft."""
    return Event.objects.exclude(status=Event.Status.DRAFT)


def readable_events(user):
    """Events `user` may read (the SQL twin of "events.view_event").

    Public ones; drafts too for their organizers; all of them for admins.
    """
    if is_admin(user):
        return Event.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return public_events()
    organizer = Event.organizers.through.objects.filter(event=OuterRef("pk"), user=user)
    return Event.objects.filter(~Q(status=Event.Status.DRAFT) | Exists(organizer))
