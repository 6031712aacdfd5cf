"""What other apps add to the agenda pages, through their `agenda_extras` module
(nmc_portal.discovery.app_modules): events never imports the apps above it (surveys adds the needs a
session answers, and the builder's Needs panel). Each module may define any of the functions below."""

from nmc_portal.discovery import app_modules


def _modules(name):
    return [module for module in app_modules("agenda_extras") if hasattr(module, name)]


def builder_panels(event, sessions):
    """Panels shown beside the builder's grid; each has a `template` the page includes with `panel`."""
    return [
        panel for module in _modules("builder_panels") for panel in module.builder_panels(event, sessions)
    ]


def asked_for(event, session_ids=None):
    """{session pk: [what participants asked for that this session answers]}."""
    found = {}
    for module in _modules("asked_for"):
        for pk, labels in module.asked_for(event, session_ids).items():
            found.setdefault(pk, []).extend(labels)
    return found


def need_choices(event):
    """[(value, label)] the agenda can be filtered by."""
    return [choice for module in _modules("filter_choices") for choice in module.filter_choices(event)]


def sessions_answering(event, value):
    """Pks of the sessions that answer the need `value`."""
    return set().union(
        *(module.sessions_answering(event, value) for module in _modules("sessions_answering"))
    )


def run_event_hooks(name, *args):
    """Call `name(*args)` of every app's `event_hooks` module that has it (surveys: `on_publish(event)`
    tells the consultation's respondents, `on_copy(event, copy)` carries unmet needs into the copy)."""
    for module in app_modules("event_hooks"):
        hook = getattr(module, name, None)
        if hook is not None:
            hook(*args)
