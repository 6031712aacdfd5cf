"""Event pages by audience: `public`, `builder` (organizers' agenda and event), `registration` (a
member's own), `roster` (organizers' registrations, workshops, check-in, messages), `emails`.

The mixins are re-exported for events/survey_views.py, which imports them from here.
"""

from nmc_portal.errors import add_to_form as add_error  # noqa: F401 (events/survey_views.py, until surveys move)

from .mixins import EventMixin, ManageEventMixin, MemberEventMixin  # noqa: F401 (re-exported, see above)
