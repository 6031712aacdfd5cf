"""The event named in the URL, guarded by `nmc_portal.permissions.ObjectPermissionMixin`.

- `EventMixin`: public pages; a draft is 404 except to its organizers.
- `ManageEventMixin`: organizer pages; visitors sign in first, anyone not on the team gets a 404.
- `MemberEventMixin`: pages about my own registration; visitors sign in first.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from nmc_portal.permissions import ObjectPermissionMixin

from ..models import Event, Session
from ..queries.registration import registration_of


class EventMixin(ObjectPermissionMixin):
    hidden_permission = "events.view_event"

    def load_objects(self, kwargs):
        self.event = get_object_or_404(Event, slug=kwargs.pop("slug"))

    def permission_target(self):
        return self.event

    def has_permission(self, name, target):
        """Asked through user.has_perm(), as events always has: a superuser may see and run every event."""
        return self.request.user.has_perm(name, target)

    def render(self, template, context=None, status=200):
        return render(self.request, template, {"event": self.event, **(context or {})}, status=status)


class SignInFirstMixin:
    """Visitors are sent to sign in before anything is looked up, so the answer never says whether an
    event with that address exists."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


class ManageEventMixin(SignInFirstMixin, EventMixin):
    hidden_permission = "events.manage_event"

    def session(self, pk):
        return get_object_or_404(Session.objects.select_related("room"), event=self.event, pk=pk)

    def to_builder(self):
        return redirect("events:builder", slug=self.event.slug)


class MemberEventMixin(SignInFirstMixin, EventMixin):
    def my_registration(self, *, active=True):
        registration = registration_of(self.event, self.request.user)
        if registration is None or (active and not registration.is_active):
            raise Http404
        return registration
