"""Showing personal information only as much as a page needs."""

from django import template

register = template.Library()


@register.filter
def mask_email(email):
    """ "chantal.roy@tc.gc.ca" → "c•••••••••@tc.gc.ca": enough for its owner to recognise it, not for
    whoever else holds a link (an unsubscribe link forwarded with the email) to learn it."""
    local, at, domain = (email or "").partition("@")
    if not at or not local:
        return "•••"
    return f"{local[0]}{'•' * max(len(local) - 1, 3)}@{domain}"


@register.inclusion_tag("includes/privacy_notice.html")
def privacy_notice(collection):
    """The collection's current privacy notice, where the information is collected, in the page's
    language; inside a form it also sends which version was shown (`privacy_notice`)."""
    from nmc_portal.privacy import current_notice

    return {"notice": current_notice(collection)}
