"""`concord worker`: run the background jobs (imports from the browser, packs, status refreshes).

The database task queue's worker (django-tasks-db's `db_worker`), with the product's defaults:
every queue, and a check for new work every second. `concord serve` starts one beside gunicorn."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run Concord's background jobs from the database queue until stopped."
