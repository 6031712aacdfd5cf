"""What surveys does when events changes an event, found by events.extras.run_event_hooks through
nmc_portal.discovery.app_modules("event_hooks"): events never imports surveys."""

from . import needs_followups


def on_publish(event):
    """In publish_event's transaction: the needs consultation's respondents hear that the agenda
    answering it is published (recorded emails, sent after the commit, once per survey and member)."""
    needs_followups.notify_respondents(event)


def on_copy(event, copy):
    """In copy_event's transaction: the copy's consultation starts from the unmet needs."""
    needs_followups.carry_unmet_needs(event, copy)
