"""{% has_community_perm "communities.reply" user thread as can_reply %}.

Like rules' {% has_perm %}, but asks the rules permission set directly: Django's
user.has_perm() says yes to every superuser, and an admin who is not a member of a
community must not be offered to post in it (the service would refuse).
"""

import rules
from django import template

register = template.Library()


@register.simple_tag
def has_community_perm(perm, user, obj=None):
    return rules.has_perm(perm, user, obj)
