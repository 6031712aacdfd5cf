"""Wall-clock arithmetic at the venue, shared by the agenda services and the reminders."""

import datetime as dt


def shift_to(event, moment, days):
    """The same wall-clock time at the venue `days` later (so 09:00 stays 09:00 across a DST change)."""
    local = event.local(moment).replace(tzinfo=None) + dt.timedelta(days=days)
    return local.replace(tzinfo=event.tzinfo)
