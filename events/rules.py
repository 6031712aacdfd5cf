"""Who may see and manage an event. Templates ask {% has_perm %}; views use ManageEventMixin."""

import rules

from members.rules import is_admin, is_member


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
