"""Real requests at the same moment, each in its own thread with its own database connection.

On PostgreSQL the threads reach the test database as two sessions would. On SQLite the test
database lives in memory, shared between threads through a shared cache, whose locks refuse a
second writer at once instead of making it wait: so `live_database` (tests/integration/conftest.py)
points the default database at a real file, migrated once per test process and configured as the
product runs it (WAL, busy timeout, IMMEDIATE transactions).
"""

import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.test import Client

SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


class pointed_at:
    """Point the default database at a file for every thread, then back to the test database.

    The in-memory test database lives only while a connection to it is open: that connection
    is kept aside (with its own copy of the settings) and put back afterwards."""

    def __init__(self, path):
        self.path, self.shared = path, connections.settings["default"]

    def __enter__(self):
        self.kept = connections["default"]
        self.kept.settings_dict = dict(self.kept.settings_dict)
        self.original, self.shared["NAME"] = self.shared["NAME"], str(self.path)
        connections["default"] = connections.create_connection("default")

    def __exit__(self, *exc):
        connections["default"].close()
        self.shared["NAME"] = self.original
        connections["default"] = self.kept


@dataclass
class Answer:
    status: int
    text: str


def at_once(*requests) -> list[Answer]:
    """Each request, (user, send) where send(client) posts, in its own thread with its own
    signed-in client; all are released at the same moment."""
    start, answers = threading.Barrier(len(requests)), [None] * len(requests)

    def run(n, user, send):
        client = Client(raise_request_exception=False)
        try:
            client.force_login(user)
            start.wait(timeout=10)
            response = send(client)
            answers[n] = Answer(response.status_code, response.content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, *r)) for n, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers
