"""The worker's tasks: queued once a change that owes emails commits, and the daily digest."""

from django_tasks import task

from . import sending

__all__ = ["send_digests", "send_immediate"]


@task()
def send_immediate() -> int:
    return sending.send_immediate()


@task()
def send_digests() -> int:
    return sending.send_digests()
