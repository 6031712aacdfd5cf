"""Queue an email: render it in the recipient's language, record it, send it after the commit.

Recording: every email is an OutboundEmail row with a unique key (kind, recipient, object) before it
is sent. queue_email records one; queue_emails records a fan-out (reminders) with a constant number
of queries: rendered per language, inserted in bulk, conflicts on the unique key ignored. After the
commit the rows go to the workers in batches of SEND_BATCH, one task per batch.

Sending (send_recorded_emails), one batch at a time, over one mail-server connection:
1. Claim: one UPDATE ... RETURNING takes the batch's rows that are pending and unclaimed, writes the
   run's token in claimed_by and leases them (next_attempt_at = now + CLAIM_LEASE, renewed while a
   slow batch goes on). It commits at once, so a second task for the same rows (a retried task, the
   broker redelivering a message, the sweep) finds nothing to take: a row is only ever in one
   worker's hands.
2. Send each email; mark the rows sent MARK_EVERY at a time, as the server takes them (one
   statement, whose commit does not wait for the disk, see mark_sent). A row whose status says sent
   is never sent again.
3. Failures, written in bulk at the end: a permanent one (5xx) marks that row failed and the batch
   goes on; a transient one (4xx, connection lost) puts the row back, unclaimed, with its backoff,
   and the task retries those rows later. An error of the connection itself ends the batch: every
   row not yet tried gets the same error.

The trade-off at the mail server, said plainly: the send and the mark are two systems, so there is an
instant, between the server accepting an email and its row being marked sent, where a worker killed
by SIGKILL (or a machine lost) leaves that email sent but its row claimed. The claim outlives the
worker only until its lease ends; then the beat sweep takes it back and the email goes again. So
delivery is at-least-once, and the duplicates are bounded: at most the MARK_EVERY emails sent since
the last mark, per killed worker (marked as the batch goes, not once at its end, which could resend a
whole batch), plus the marks of the last fraction of a second if PostgreSQL itself crashes
(asynchronous commit). Each copy carries the row's Message-ID, so mail systems fold them into one. The
other choice (never send a claimed row again) would lose those emails instead: a reminder lost is
worse than one read twice. A worker that is only slow past its lease finds its claim gone at its next
mark and stops, so it too sends at most MARK_EVERY emails that the worker taking over also sends.
"""

import datetime as dt
import logging
import os
import re
import smtplib
import socket
import time
import uuid
from urllib.parse import urlsplit

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, connection, transaction
from django.template.loader import get_template
from django.utils import timezone, translation

from .celery import app
from .models import OutboundEmail

logger = logging.getLogger(__name__)

# The broker could not be reached (Redis down, refused, timed out): Celery raises kombu's
# OperationalError; a connection dropped mid-publish can surface as redis-py's or the socket's own.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)

# A pending row the sweep may take: enqueued again this long after it was due (its own task had that
# long to run), and then left alone for RESCAN_LEASE while the task it was given waits in the queue.
UNSENT_GRACE = dt.timedelta(minutes=1)
RESCAN_LEASE = dt.timedelta(minutes=10)
# How long a send task holds the rows it claimed, renewed while its batch goes on (a slow mail server).
# A batch takes a second or two; a claim still held after this (plus UNSENT_GRACE) belongs to a worker
# that died, and the sweep takes its rows back: a dead worker's emails go two or three minutes later.
CLAIM_LEASE = dt.timedelta(minutes=1)
# Emails per send task: one claim, one connection to the mail server, one task message per batch.
SEND_BATCH = 100
# Sent emails are marked sent this many at a time: one round trip per email would be half the sending
# time on a busy machine, one per batch would let a worker killed mid-batch send up to a batch twice.
MARK_EVERY = 10
# The tasks that send rows, addressed by name: nmc_portal.tasks imports this module, not the reverse.
SEND_TASK = "nmc_portal.tasks.send_email_task"
SEND_BATCH_TASK = "nmc_portal.tasks.send_emails_task"

MAX_ATTEMPTS = 5
RETRY_BACKOFF = 30  # seconds, doubled at each attempt: 30 s, 1 min, 2 min, 4 min


def is_transient(error):
    """Worth another try: the server said 'later' (4xx) or the connection failed."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    return isinstance(
        error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | ConnectionError | TimeoutError
    )


def is_about_this_email(error):
    """The server refused this message or its recipient; the connection is fine for the next one."""
    return isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)


def message_id(email):
    """The same Message-ID at every attempt: a copy sent again after a crash reads as the same email.

    (A worker killed after the SMTP server took the message but before the row was marked sent sends
    it again: at-least-once, see the module's docstring. Mail systems fold copies with one Message-ID
    into one.)
    """
    domain = urlsplit(settings.SITE_URL).hostname or "nmc-portal"
    return f"<outbound-{email.pk}@{domain}>"


def email_message(email, server=None):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient_email],
        headers={"Content-Language": email.language, "Message-ID": message_id(email)},
        connection=server,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def deliver(email):
    """Send one recorded email on a connection of its own (send_recorded_emails shares one per batch)."""
    email_message(email).send()


def queue_email(*, kind, recipient, object_key, template, context=None, email=None, topic="", language=None):
    """Record the email `kind` about `object_key` for `recipient` and send it once the transaction commits.

    `template` names three templates: `<template>_subject.txt`, `<template>.txt` and `<template>.html`,
    rendered in the recipient's preferred official language. Queueing the same (kind, recipient,
    object) again returns the existing row and sends nothing more. Call it inside the service's
    transaction: the row commits with the change it announces, or not at all. `topic` ("event:12")
    groups the emails about one thing for the people who look after it. Without a `recipient` (someone
    who is not a member), give `email` and the `language` to write in.
    """
    kind = OutboundEmail.Kind(kind)  # a kind the portal knows, or ValueError
    address = email or recipient.email
    language = language or language_of(recipient)
    existing = OutboundEmail.objects.filter(kind=kind, recipient_email=address, object_key=object_key).first()
    if existing is not None:
        return existing
    subject, body_text, body_html = render_email(
        template, {"recipient": recipient, **(context or {})}, language
    )
    row, created = OutboundEmail.objects.get_or_create(
        kind=kind,
        recipient_email=address,
        object_key=object_key,
        defaults={
            "recipient": recipient,
            "language": language,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "topic": topic,
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue_email(row.pk))
    return row


def queue_new_email(*, kind, recipient, object_key, rendered, email=None, topic=""):
    """Record an email whose `object_key` is new by construction (the key of a row this transaction just
    inserted), `rendered` beforehand by `render_email` in the recipient's language, outside the locks of
    the transaction: one INSERT, sent once the transaction commits. A key used before is an
    IntegrityError (the unique key still makes the email once-only), which rolls the transaction back.
    """
    subject, body_text, body_html = rendered
    row = OutboundEmail.objects.create(
        kind=OutboundEmail.Kind(kind),
        recipient=recipient,
        recipient_email=email or recipient.email,
        object_key=object_key,
        language=language_of(recipient),
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        topic=topic,
    )
    transaction.on_commit(lambda: enqueue_email(row.pk))
    return row


def queue_emails(*, kind, object_key, template, recipients, context=None, topic=""):
    """queue_email for many recipients at once; returns how many emails it recorded.

    `recipients` is [(member, their own context)]: each email is rendered in the member's language
    with `context` and their own, the templates loaded once per language. The rows are inserted in
    bulk; a recipient who already has this email (the unique key: an earlier tick, a concurrent one)
    is skipped, by a query first and by ON CONFLICT DO NOTHING for a row inserted meanwhile. After the
    commit the new rows go to the workers SEND_BATCH at a time. A fixed number of queries, whatever
    the number of recipients.
    """
    kind = OutboundEmail.Kind(kind)
    recipients = list(recipients)
    done = set(
        OutboundEmail.objects.filter(
            kind=kind, object_key=object_key, recipient_email__in=[member.email for member, _ in recipients]
        ).values_list("recipient_email", flat=True)
    )
    by_language = {}
    for member, own in recipients:
        if member.email not in done:
            done.add(member.email)  # the same member twice in the list: one email
            by_language.setdefault(language_of(member), []).append((member, own))
    rows = []
    for language, group in by_language.items():
        contexts = [{"recipient": member, **(context or {}), **own} for member, own in group]
        for (member, _own), (subject, body_text, body_html) in zip(
            group, render_emails(template, contexts, language), strict=True
        ):
            rows.append(
                OutboundEmail(
                    kind=kind,
                    recipient=member,
                    recipient_email=member.email,
                    object_key=object_key,
                    language=language,
                    subject=subject,
                    body_text=body_text,
                    body_html=body_html,
                    topic=topic,
                )
            )
    if not rows:
        return 0
    OutboundEmail.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    # ignore_conflicts leaves the objects without primary keys: read back the rows this call recorded.
    ids = list(
        OutboundEmail.objects.filter(
            kind=kind,
            object_key=object_key,
            recipient_email__in=[row.recipient_email for row in rows],
            status=OutboundEmail.Status.PENDING,
            claimed_by="",
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: enqueue_emails(ids))
    return len(ids)


def language_of(recipient):
    return getattr(recipient, "preferred_language", "") or "en"


def render_email(template, context, language):
    """(subject, text, HTML) of the email `template` in `language`, exactly as queue_email records it."""
    return render_emails(template, [context], language)[0]


def render_emails(template, contexts, language):
    """[(subject, text, HTML)] of `template` in `language` for each context: the templates once."""
    with translation.override(language):
        subject_template, text_template, html_template = (
            get_template(f"{template}{suffix}") for suffix in ("_subject.txt", ".txt", ".html")
        )
        rendered = []
        for context in contexts:
            context = {"site_url": settings.SITE_URL, **context}
            # Line breaks and runs of spaces collapse; French no-break spaces (nmc_portal.typography) stay.
            subject = re.sub(r"[ \t\r\n]+", " ", subject_template.render(context)).strip()
            rendered.append((subject, text_template.render(context), html_template.render(context)))
    return rendered


def enqueue_email(email_id):
    """Hand the row to a worker; if the broker is unreachable, leave it for the beat sweep.

    Runs after the commit (on_commit), inside the request that made the change: an exception here
    would turn a saved registration into an error page. The row is already recorded, so a failed
    publish loses nothing: it is made due at once, and the sweep sends it once Redis is back.
    """
    try:
        send_task(email_id)
    except BROKER_ERRORS as error:
        logger.warning("email %s recorded but not enqueued (broker unreachable): %s", email_id, error)
        make_due([email_id])
        return False
    return True


def enqueue_emails(email_ids, *, batch=SEND_BATCH):
    """Hand the rows to the workers, one task per `batch`; what the broker refuses is left to the sweep."""
    for start in range(0, len(email_ids), batch):
        try:
            send_batch_task(email_ids[start : start + batch])
        except BROKER_ERRORS as error:
            logger.warning(
                "%s emails recorded but not enqueued (broker unreachable): %s", len(email_ids) - start, error
            )
            make_due(email_ids[start:])
            return False
    return True


def make_due(email_ids):
    """Due for the next sweep at once (a failed publish): the rows were recorded, nothing is lost."""
    try:
        OutboundEmail.objects.filter(pk__in=email_ids, status=OutboundEmail.Status.PENDING).update(
            next_attempt_at=timezone.now() - UNSENT_GRACE
        )
    except DatabaseError:  # the rows stay due a minute after their creation anyway
        logger.warning("%s emails: could not mark them due for the sweep", len(email_ids))


def enqueue_due_emails(*, now=None, limit=5000):
    """The sweep: enqueue the pending emails whose task was lost, whose retry is due, or whose claim
    belongs to a worker that died (its lease ran out).

    Picks rows due for over UNSENT_GRACE (their own task had that long), oldest first, takes back any
    claim on them (a worker only slow finds its claim gone at its next mark, and stops) and leases
    them for RESCAN_LEASE so a long queue is not enqueued again every minute. A second task for a row
    is harmless: only a pending, unclaimed row is sent. Enqueues SEND_BATCH rows per task, and stops
    at the first broker error (the next tick tries again). Returns how many emails were enqueued.
    """
    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING,
            next_attempt_at__lte=now - UNSENT_GRACE,
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    # Lease (and unclaim) before enqueueing: a worker may take a batch the moment it is published.
    OutboundEmail.objects.filter(
        pk__in=due, status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now - UNSENT_GRACE
    ).update(next_attempt_at=now + RESCAN_LEASE, claimed_by="")
    count = 0
    for start in range(0, len(due), SEND_BATCH):
        batch = due[start : start + SEND_BATCH]
        try:
            send_batch_task(batch)
        except BROKER_ERRORS as error:
            logger.warning("sweep stopped: broker unreachable: %s", error)
            # Due again at the next tick rather than after the lease.
            OutboundEmail.objects.filter(
                pk__in=due[start:], status=OutboundEmail.Status.PENDING, claimed_by=""
            ).update(next_attempt_at=now - UNSENT_GRACE)
            break
        count += len(batch)
    return count


def send_task(email_id):
    app.send_task(SEND_TASK, kwargs={"email_id": email_id})


def send_batch_task(email_ids):
    app.send_task(SEND_BATCH_TASK, kwargs={"email_ids": list(email_ids)})


def send_recorded_email(email_id):
    """send_recorded_emails for one row (the task a request enqueues after its commit)."""
    return send_recorded_emails([email_id])


def claim_token():
    """Names one run of a send task: the host and process, for people, and a random part so that a
    message redelivered to the same process does not pass for the run that claimed the rows."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def claim_emails(email_ids, *, token, now):
    """Take the rows among `email_ids` that are pending and unclaimed, in one statement that commits
    at once (call it outside a transaction); returns them, by primary key. Rows sent, failed, gone or
    claimed by another run are not returned. attempts counts the claim: a worker killed mid-send used
    one attempt."""
    table = OutboundEmail._meta.db_table
    return sorted(
        OutboundEmail.objects.raw(
            f"""
            UPDATE {table}
               SET claimed_by = %s, claimed_at = %s, next_attempt_at = %s, attempts = attempts + 1
             WHERE id = ANY(%s) AND status = %s AND claimed_by = ''
            RETURNING id, recipient_email, language, subject, body_text, body_html, attempts
            """,  # noqa: S608 (the table name is ours; every value is a parameter)
            [token, now, now + CLAIM_LEASE, list(email_ids), OutboundEmail.Status.PENDING],
        ),
        key=lambda email: email.pk,
    )


def mark_sent(emails, *, token):
    """Mark these rows sent, if this run still holds them all; False if a claim was taken back (the
    lease ran out: the sweep gave the rows to another task).

    Called every MARK_EVERY emails, so a worker killed mid-batch leaves all but the last few emails it
    sent marked, and a new worker sends only the rest. Its commit does not wait for the write-ahead
    log to reach the disk (synchronous_commit off for this statement alone: a round trip, not a disk
    flush): a worker's death loses nothing, and a crash of PostgreSQL itself loses at most the last
    fraction of a second of marks, whose emails go again with their Message-ID.
    """
    table = OutboundEmail._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH no_flush AS (SELECT set_config('synchronous_commit', 'off', true))
            UPDATE {table} SET status = %s, sent_at = %s, error = ''
             WHERE id = ANY(%s) AND claimed_by = %s AND status = %s AND EXISTS (SELECT FROM no_flush)
            """,  # the table name is ours; every value is a parameter
            [
                OutboundEmail.Status.SENT,
                timezone.now(),
                [email.pk for email in emails],
                token,
                OutboundEmail.Status.PENDING,
            ],
        )
        return cursor.rowcount == len(emails)


def renew_claim(*, token):
    """Extend the lease of the rows this run still holds; False if the claim was taken back."""
    return (
        OutboundEmail.objects.filter(claimed_by=token, status=OutboundEmail.Status.PENDING).update(
            next_attempt_at=timezone.now() + CLAIM_LEASE
        )
        > 0
    )


def send_recorded_emails(email_ids):
    """Send the emails among `email_ids` still pending and unclaimed, over one connection to the mail
    server; returns (seconds before a retry, [ids to retry], error) if some failed for now, or None.

    Claims the rows, sends each and marks it sent as it goes, then writes the failures in bulk (the
    module's docstring says why, and what a worker killed mid-batch means). Transient errors are
    retried with backoff, at most MAX_ATTEMPTS in all, the next attempt's time stored on the row
    (next_attempt_at) so the beat sweep respects the backoff if the retry itself is lost; other errors
    mark the row failed. One recipient refused does not stop the batch.
    """
    token = claim_token()
    emails = claim_emails(email_ids, token=token, now=timezone.now())
    if not emails:
        return None  # sent, failed, gone, or being sent by another worker right now
    failed = {}  # email -> error, for the rows not sent
    unmarked = []  # sent, not marked yet
    renewed = time.monotonic()
    server = get_connection()
    try:
        server.open()
    except (smtplib.SMTPException, OSError) as error:
        failed = dict.fromkeys(emails, error)
    else:
        try:
            for position, email in enumerate(emails):
                try:
                    server.send_messages([email_message(email, server)])
                except (smtplib.SMTPException, OSError) as error:
                    failed[email] = error
                    if is_about_this_email(error):
                        continue
                    # The connection itself failed: the rest of the batch would fail the same way.
                    failed.update(dict.fromkeys(emails[position + 1 :], error))
                    break
                unmarked.append(email)
                if len(unmarked) == MARK_EVERY:
                    held = mark_sent(unmarked, token=token)
                    unmarked = []
                    slow = time.monotonic() - renewed > CLAIM_LEASE.total_seconds() / 3
                    if held and slow and position + 1 < len(emails):
                        held, renewed = renew_claim(token=token), time.monotonic()
                    if not held:
                        logger.warning("email batch stopped: its claim was taken back after %s", email.pk)
                        return None  # the rest belongs to whoever took the claim back
        finally:
            close_quietly(server)
    if unmarked and not mark_sent(unmarked, token=token):
        logger.warning("email batch: its claim was taken back after %s", unmarked[-1].pk)
        return None
    return record_failures(failed, token=token)


def close_quietly(server):
    try:
        server.close()
    except (smtplib.SMTPException, OSError) as error:  # the emails went; the goodbye did not
        logger.warning("mail server connection not closed cleanly: %s", error)


def record_failures(failed, *, token):
    """Write the failed rows in bulk: back to pending with a backoff, or failed for good."""
    if not failed:
        return None
    now = timezone.now()
    retry_in = 0
    for email, error in failed.items():
        email.error = f"{type(error).__name__}: {error}"[:2000]
        email.claimed_by = ""
        if is_transient(error) and email.attempts < MAX_ATTEMPTS:
            backoff = RETRY_BACKOFF * 2 ** (email.attempts - 1)
            retry_in = max(retry_in, backoff)  # never earlier than any row's own backoff
            email.next_attempt_at = now + dt.timedelta(seconds=backoff)
            email.status = OutboundEmail.Status.PENDING
        else:
            email.status = OutboundEmail.Status.FAILED
        logger.warning("email %s not sent (attempt %s): %s", email.pk, email.attempts, email.error)
    # Only rows this run still holds: a claim taken back belongs to another task now.
    OutboundEmail.objects.filter(claimed_by=token).bulk_update(
        list(failed), ["status", "error", "next_attempt_at", "claimed_by"]
    )
    retry = [email.pk for email in failed if email.status == OutboundEmail.Status.PENDING]
    if not retry:
        return None
    return retry_in, retry, next(email.error for email in failed if email.pk in retry)
