"""One way for a view to guard the object named in its URL: `ObjectPermissionMixin`.

Two questions, asked of the `rules` predicates of the app that owns the object:
- `hidden_permission`: without it the page answers 404, to people who must not know it exists
  (a draft event, a members-only discussion, an organizer page);
- `permission`: without it a visitor is sent to sign in, and a signed-in person gets a 403 page that
  says why (`forbidden_reason`), in the site's look.
"""

import rules
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _


class ObjectPermissionMixin:
    hidden_permission = None
    permission = None
    # Signed-out visitors asking for a hidden page: False answers 404 (they must not know it exists),
    # True sends them to sign in first (an organizer following a link before signing in).
    sign_in_before_hidden = False
    forbidden_template = "403_reason.html"

    def dispatch(self, request, *args, **kwargs):
        self.load_objects(kwargs)
        target = self.permission_target()
        if self.hidden_permission and not self.has_permission(self.hidden_permission, target):
            if self.sign_in_before_hidden and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        if self.permission and not self.has_permission(self.permission, target):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return self.forbidden(target)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, kwargs):
        """Load what the URL names onto self; pop the URL arguments the handlers do not take."""

    def permission_target(self):
        return None

    def has_permission(self, name, target):
        """Asked of rules directly: user.has_perm() would let every superuser through every door."""
        return rules.has_perm(name, self.request.user, target)

    def forbidden_reason(self, target):
        return _("You cannot do this here.")

    def forbidden_context(self, target):
        return {}

    def forbidden(self, target):
        context = {"reason": self.forbidden_reason(target), **self.forbidden_context(target)}
        return render(self.request, self.forbidden_template, context, status=403)
