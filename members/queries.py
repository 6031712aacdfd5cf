"""Reads about members that other apps extend."""

from nmc_portal.discovery import app_modules


def exported_sections(member):
    """Extra sections of 'download my data': each app may define `exports.member_data(member)`."""
    sections = {}
    for module in app_modules("exports"):
        sections.update(module.member_data(member))
    return sections
