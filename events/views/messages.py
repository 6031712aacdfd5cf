"""Organizers write to participants: write (a draft), preview both languages, send themselves a test,
send; then follow the sending on the message's page, which polls itself with htmx (or is reloaded).

Thin views: read the input, call one service in events.services.messages, render or redirect.
"""

import re
import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.errors import DomainError

from ..forms import MessageForm
from ..models import OrganizerMessage
from ..queries.messages import delivery_of, message_of
from ..queries.registration import messages_of, workshops_of
from ..services.messages import (
    edit_message_draft,
    preview_message,
    queue_message,
    save_message_draft,
    send_test_message,
)
from .mixins import ManageEventMixin

BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL)
POLL_STOPPED = 286  # htmx stops polling on this status: the sending is over


class MessageView(ManageEventMixin, View):
    """Write a message to participants in both languages; the messages written so far, below, each with
    how far its sending has gone."""

    def render_form(self, form, status=200):
        sent = list(messages_of(self.event))
        delivery = delivery_of(sent)
        for message in sent:
            message.delivery = delivery[message.pk]
        context = {"form": form, "sent": sent}
        return self.render("events/manage/message.html", context, status=status)

    def get(self, request):
        form = MessageForm(workshops=workshops_of(self.event), initial={"token": uuid.uuid4()})
        return self.render_form(form)

    def post(self, request):
        form = MessageForm(request.POST, workshops=workshops_of(self.event))
        if not form.is_valid():
            return self.render_form(form, status=400)
        message = save_message_draft(
            event=self.event, session=form.session(), by=request.user, **form.service_fields()
        )
        return redirect("events:message_detail", slug=self.event.slug, pk=message.pk)


class MessageMixin(ManageEventMixin):
    def message(self, pk):
        message = message_of(self.event, pk)
        if message is None:
            raise Http404
        return message

    def to_detail(self, message):
        return redirect("events:message_detail", slug=self.event.slug, pk=message.pk)


class MessageDetailView(MessageMixin, View):
    """A draft: its preview in both languages, with Send, Send me a test and Edit. Once sent: how far
    the sending has gone (htmx asks for the counts alone every few seconds until it is over)."""

    def get(self, request, pk):
        message = self.message(pk)
        if message.status == OrganizerMessage.Status.DRAFT:
            previews = [
                {"language": language, "subject": subject, "body": BODY.search(html).group(1)}
                for language, (subject, _text, html) in preview_message(
                    message, recipient=request.user
                ).items()
            ]
            return self.render(
                "events/manage/message_preview.html", {"message": message, "previews": previews}
            )
        delivery = delivery_of([message])[message.pk]
        context = {
            "message": message,
            "delivery": delivery,
            "over": message.status == OrganizerMessage.Status.SENT and not delivery.queued,
        }
        if request.htmx:
            response = self.render("events/manage/_message_progress.html", context)
            if context["over"]:
                response.status_code = POLL_STOPPED
            return response
        return self.render("events/manage/message_progress.html", context)


class MessageEditView(MessageMixin, View):
    """Back to the form with the draft's text; saving it shows the preview again."""

    def form(self, message, data=None):
        initial = {
            "audience": str(message.session_id) if message.session_id else "event",
            "token": message.token,
            **{name: getattr(message, name) for name in ("subject_en", "subject_fr", "body_en", "body_fr")},
        }
        return MessageForm(data, workshops=workshops_of(self.event), initial=initial)

    def draft(self, pk):
        message = self.message(pk)
        if message.status != OrganizerMessage.Status.DRAFT:
            messages.info(self.request, _("This message has been sent: it can no longer be changed."))
            return message, self.to_detail(message)
        return message, None

    def get(self, request, pk):
        message, sent = self.draft(pk)
        if sent:
            return sent
        return self.render(
            "events/manage/message_edit.html", {"message": message, "form": self.form(message)}
        )

    def post(self, request, pk):
        message, sent = self.draft(pk)
        if sent:
            return sent
        form = self.form(message, request.POST)
        if form.is_valid():
            fields = form.service_fields()
            del fields["token"]
            try:
                edit_message_draft(message=message, session=form.session(), by=request.user, **fields)
            except DomainError as error:
                messages.info(request, error.message)
            return self.to_detail(message)
        context = {"message": message, "form": form}
        return self.render("events/manage/message_edit.html", context, status=400)


class MessageSendView(MessageMixin, View):
    """Queue the draft: one task sends it. A second click finds it queued and does nothing more."""

    def post(self, request, pk):
        message, queued = queue_message(message=self.message(pk), by=request.user)
        if queued:
            messages.success(
                request,
                _("Your message is on its way to %(count)s people.") % {"count": message.recipient_count},
            )
        else:
            messages.info(request, _("This message has already been sent: it is sent only once."))
        return self.to_detail(message)


class MessageTestView(MessageMixin, View):
    """One email to the organizer, in their language, as the participants will receive it."""

    def post(self, request, pk):
        message = self.message(pk)
        email = send_test_message(message=message, to=request.user)
        messages.success(
            request,
            _("A test is on its way to %(email)s. The participants receive nothing until you send it.")
            % {"email": email.recipient_email},
        )
        return self.to_detail(message)
