"""Reusable reads of events, by concern: `agenda` (events, sessions, conflicts) and `registration`
(registrations, workshop seats, rosters, participants). Import the module you need.
"""

# events/surveys.py (moving to the surveys app) still reads `queries.my_agenda`; this one name stays
# here until it imports events.queries.registration itself.
from .registration import my_agenda  # noqa: F401 (kept for events/surveys.py, see above)
