"""Scheduled community work (Celery beat)."""

from celery import shared_task

from . import services


@shared_task
def scan_weekly_digests_task():
    """Mondays (beat): queue last week's digest for each member with news in their communities.

    Safe to run twice: each digest is an email row keyed by member and ISO week.
    """
    return services.queue_weekly_digests()
