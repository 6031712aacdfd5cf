"""Permission predicates for members and admins; the events and communities apps add theirs."""

import rules


def is_allowed_email(email, domains):
    """True when the address's domain is one of `domains` or a subdomain of one.

    Compares whole labels, so `evilgc.ca` and `gc.ca.example.com` are refused for `gc.ca`.
    """
    local, _, domain = (email or "").rpartition("@")
    domain = domain.strip().lower()
    if not local or not domain or domain.endswith("."):
        return False
    return any(domain == allowed or domain.endswith("." + allowed) for allowed in domains)


@rules.predicate
def is_admin(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_member(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_self(user, member):
    return bool(user and member and user.is_authenticated and user.pk == member.pk)


rules.add_perm("members.view_profile", is_self | is_admin)
rules.add_perm("members.change_profile", is_self)
rules.add_perm("members.delete_account", is_self)
