"""Tasks of the members app: thin, the work is in members.retention."""

from celery import shared_task

from . import retention


@shared_task
def retire_inactive_accounts_task():
    """Daily (beat): warn inactive members, erase those who did not come back after the warning."""
    return retention.retire_inactive_accounts()
