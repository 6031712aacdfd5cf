"""Keep little, for a stated time: what each retention job removed is recorded as counts, not content."""

from .models import RetentionRun


def record_run(job, counts):
    """A RetentionRun row when the job removed something; a run that removed nothing records nothing."""
    if not any(counts.values()):
        return None
    return RetentionRun.objects.create(job=job, counts=counts)
