"""What surveys adds to the events app's agenda pages, found by events through
nmc_portal.discovery.app_modules("agenda_extras") (events never imports surveys): the Needs panel of the
agenda builder, the "You asked for" of sessions, and the agenda's filter by need."""

from . import needs


def builder_panels(event, sessions=None):
    """The panels shown beside the builder's grid: one per needs consultation."""
    panels = []
    for survey in needs.consultations_of(event):
        panel = needs.needs_panel(survey, sessions=sessions)
        if panel is not None:
            panels.append(panel)
    return panels


def asked_for(event, session_ids=None):
    """{session pk: [labels of the needs it answers]}."""
    return needs.needs_by_session(event, session_ids)


def filter_choices(event):
    """[(value, label)] of the needs the agenda can be filtered by."""
    return needs.answered_needs(event)


def sessions_answering(event, value):
    return needs.sessions_answering(event, value)
