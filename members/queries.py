"""Reads about members that other apps extend."""

from django.conf import settings
from django.urls import reverse

from nmc_portal.discovery import app_modules


def exported_sections(member):
    """Extra sections of 'download my data': each app may define `exports.member_data(member)`."""
    sections = {}
    for module in app_modules("exports"):
        sections.update(module.member_data(member))
    return sections


def calendar_addresses(member):
    """The member's private calendar feed: (https address, webcal address) to subscribe to."""
    address = settings.SITE_URL + reverse("calendar:member", kwargs={"token": member.calendar_token})
    return address, "webcal://" + address.split("://", 1)[1]
