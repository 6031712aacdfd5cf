"""The one error type of the domain, and the one way a view shows it.

Every service raises `DomainError` when it refuses a change; the view catches it and either puts it on
the form (`add_to_form`) or shows it as a message. `field` names the form field the message belongs next
to; `reasons` carries details a page may list (for example the conflicts that refused a move).
"""

from django.contrib import messages


class DomainError(Exception):
    def __init__(self, message, field=None, reasons=()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.reasons = tuple(reasons)

    def __str__(self):
        return str(self.message)


def add_to_form(form, error):
    """Show `error` next to its field, or at the top of the form when the form has no such field."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def save_form(request, form, save, success):
    """A valid form's data saved by `save(cleaned_data)`, with the `success` message: what `save`
    returned. None when the form must be shown again: invalid, or refused (the refusal next to its field).
    """
    if not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except DomainError as error:
        add_to_form(form, error)
        return None
    messages.success(request, success)
    return saved
