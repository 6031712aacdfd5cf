"""What learning tells other apps about an event's materials, found through
nmc_portal.discovery.app_modules("event_materials") (surveys' follow-up discussion lists them)."""

from django.contrib.auth.models import AnonymousUser

from .queries import resources_for_event


def materials_for(event):
    """The event's materials anyone may read (the follow-up discussion is read by a whole community)."""
    return resources_for_event(event, AnonymousUser())
