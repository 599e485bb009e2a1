"""Background work: national files, meeting packs and status refreshes run on a task queue.

A national file can take minutes to import and a pack minutes to draw; a web request should not
wait for either, nor die with them when the web process restarts. So a page (or the API) records a
`Job` and enqueues a task on Django's Tasks API (django-tasks, with its database backend: the
queue lives in the same database, SQLite or PostgreSQL, so no other service is needed). A separate
worker process (`concord worker`, started beside gunicorn by `concord serve`) runs the task and
writes the outcome back to the job; its progress goes to a small file beside the upload, because
the import holds the database's write lock (SQLite) or one long transaction (PostgreSQL) until it
commits. The command line (`concord import`, `concord pack`) still runs in the foreground."""
