"""The simulated users of the load benchmark (tests/benchmarks/load.py runs locust on this file).

Each user is one of the demo's people, already signed in (load.py gives each login a session, so
the test measures reading pages, not hashing passwords), and reads a page of the mix, weighted,
then waits a moment, as a person reading does. The mix is in the CONCORD_LOAD_MIX file (JSON,
written by load.py from tests/benchmarks/pages.py), the sessions in CONCORD_LOAD_SESSIONS.
"""

import itertools
import json
import os
import random

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

THINK_SECONDS = (0.2, 0.5)  # between two pages, each user

with open(os.environ["CONCORD_LOAD_MIX"]) as handle:
    MIX = json.load(handle)
with open(os.environ["CONCORD_LOAD_SESSIONS"]) as handle:
    SESSIONS = json.load(handle)  # {"cookie": name, "values": [session keys]}
NEXT_SESSION = itertools.cycle(SESSIONS["values"])
NAMES = [page["name"] for page in MIX]
WEIGHTS = [page["weight"] for page in MIX]
URLS = {page["name"]: page["urls"] for page in MIX}


class SignedInPerson(FastHttpUser):
    wait_time = between(*THINK_SECONDS)

    def on_start(self):
        self.cookie = {"Cookie": f"{SESSIONS['cookie']}={next(NEXT_SESSION)}"}

    @task
    def read_a_page(self):
        name = random.choices(NAMES, WEIGHTS)[0]
        url = random.choice(URLS[name])
        with self.client.get(
            url, name=name, headers=self.cookie, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:  # a redirect here is to sign in: the session lost
                response.failure(f"{response.status_code} from {url}")
