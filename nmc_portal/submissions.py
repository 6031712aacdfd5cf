"""Create forms that create once: a token per rendered form, claimed in the creating transaction.

    class ThreadForm(SubmissionTokenMixin, forms.Form): ...

    outcome = submit_once(form, request.user, lambda: create_thread(...), url=lambda thread: thread.url)
    return redirect(outcome.url)

`submit_once` inserts the form's token (FormSubmission, primary key) and runs the action in one
transaction. A second submission of the same form, at once or later, waits for the first on the
primary key, then gets the first one's redirect instead of creating anything. If the action raises
(a DomainError refusing the change), nothing is recorded and the same form may be sent again.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import FormSubmission

KEPT_FOR = dt.timedelta(days=2)  # a token older than this is forgotten (a form left open that long)


class SubmissionTokenMixin:
    """Adds the hidden one-time `submission` field; a fresh token each time the form is rendered unbound.

    Not required: a client that sends none (a script, an old page) simply gets no protection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"] = forms.UUIDField(
            widget=forms.HiddenInput, initial=uuid.uuid4, required=False
        )
        self.submission_token = None

    def clean(self):
        """The token is the view's business, not the service's: kept aside, out of cleaned_data."""
        data = super().clean()
        self.submission_token = self.cleaned_data.pop("submission", None)
        return data


@dataclass(frozen=True)
class Outcome:
    url: str  # where the first submission went, and where every later one goes
    result: object = None  # what the action returned, the first time only
    first: bool = True


def submit_once(form, user, action, *, url):
    """Run `action()` once per form token and return the Outcome; `url(result)` says where it led."""
    token = form.submission_token or uuid.uuid4()
    try:
        with transaction.atomic():
            receipt = FormSubmission.objects.create(token=token, user=user)
            result = action()
            receipt.redirect_to = url(result)
            receipt.save(update_fields=["redirect_to"])
            return Outcome(receipt.redirect_to, result)
    except IntegrityError:
        first = FormSubmission.objects.filter(token=token, user=user).first()
        if first is None:  # the action's own IntegrityError, or a token from someone else's form
            raise
        return Outcome(first.redirect_to, first=False)


def forget_old_submissions(now=None):
    """Beat: tokens are only needed while a form may still be sent again."""
    return FormSubmission.objects.filter(created_at__lt=(now or timezone.now()) - KEPT_FOR).delete()[0]
