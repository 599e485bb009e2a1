"""What pages remember between reads is never served once the data have changed: on a file
SQLite database and on PostgreSQL, with writes from this connection and from another thread's.

PostgreSQL's write-ahead log is the server's, shared by its every database: a write to another
database (another test run's) moves the generation too, so the checks that something *was*
remembered try again, a few times, for a moment when the server was quiet. That a change is
never missed is checked once and strictly, on both."""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from concord.organisations.models import Organisation
from concord.web import remembered as r
from tests.factories import CCGFactory, UserFactory

pytestmark = pytest.mark.usefixtures("live_database")


@pytest.fixture(autouse=True)
def nothing_kept():
    r.forget()
    yield
    r.forget()


def quietly(check) -> bool:
    """check() once on SQLite; on PostgreSQL until it holds, at most ten times."""
    attempts = 10 if connection.vendor == "postgresql" else 1
    return any(check() for _ in range(attempts))


def elsewhere(work) -> None:
    """`work` in a thread of its own, on its own connection, committed when it returns."""

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_the_generation_holds_while_nothing_is_written_and_moves_on_every_write():
    assert r.generation() is not None
    assert quietly(lambda: r.generation() == r.generation())
    first = r.generation()
    CCGFactory(code="01A")  # this connection's own write
    second = r.generation()
    assert second != first
    elsewhere(lambda: CCGFactory(code="02A"))  # another connection's
    assert r.generation() != second


def test_nothing_is_remembered_inside_a_transaction():
    with transaction.atomic():
        assert r.generation() is None
        calls = []
        r.remembered(("k",), lambda: calls.append(1))
        r.remembered(("k",), lambda: calls.append(1))
    assert calls == [1, 1]


def test_a_value_is_computed_once_until_the_data_change():
    calls = []

    def names():
        calls.append(1)
        return sorted(Organisation.objects.values_list("code", flat=True))

    def twice_computes_once(key) -> bool:
        before = len(calls)
        assert r.remembered(key, names) == r.remembered(key, names) == ["01A"]
        return len(calls) == before + 1

    CCGFactory(code="01A")
    assert quietly(lambda: twice_computes_once(("names",)))
    assert quietly(lambda: twice_computes_once(("other",)))  # another key is its own
    r.remembered(("names",), names)
    before = len(calls)
    elsewhere(lambda: CCGFactory(code="02A"))
    assert r.remembered(("names",), names) == ["01A", "02A"]
    assert len(calls) == before + 1


def test_the_organisation_page_shows_a_change_made_after_it_was_read():
    CCGFactory(code="01A", name="NHS First CCG")
    client = Client()
    client.force_login(UserFactory(role="viewer"))

    def second_read_remembered() -> bool:
        assert "NHS First CCG" in client.get("/organisations/01A/").content.decode()
        hits = r.counts["hits"]
        assert "NHS First CCG" in client.get("/organisations/01A/").content.decode()
        return r.counts["hits"] > hits  # its data and the part of the page kept

    assert quietly(second_read_remembered)
    elsewhere(lambda: Organisation.objects.filter(code="01A").update(name="NHS Renamed CCG"))
    page = client.get("/organisations/01A/").content.decode()
    assert "NHS Renamed CCG" in page and "NHS First CCG" not in page


def test_one_reader_is_never_shown_what_was_computed_for_another():
    reader, other = UserFactory(role="viewer"), UserFactory(role="viewer")
    seen = [r.remembered(("needs", user.pk), lambda u=user: u.username) for user in (reader, other)]
    assert seen == [reader.username, other.username]


def test_a_part_holding_a_csrf_token_or_a_nonce_is_refused(rf):
    from django.core.exceptions import ImproperlyConfigured
    from django.template import engines

    request = rf.get("/somewhere/")
    request.user = UserFactory(role="viewer")
    django_engine = engines["django"]
    kept = django_engine.from_string("{% load remember %}{% remember %}{{ n }}{% endremember %}")

    def kept_once(first: int) -> bool:  # the same place, reader and address: rendered once
        return kept.render({"n": first}, request) == kept.render({"n": 0}, request) == str(first)

    assert quietly(lambda: kept_once(1)) or quietly(lambda: kept_once(2))
    elsewhere(lambda: CCGFactory(code="03A"))  # the data change: the part is rendered again
    assert kept.render({"n": 3}, request) == "3"
    form = django_engine.from_string(
        "{% load remember %}{% remember %}<form>{% csrf_token %}</form>{% endremember %}"
    )
    with pytest.raises(ImproperlyConfigured, match="CSRF token or a CSP nonce"):
        form.render({"csrf_token": "a-token"}, request)
    script = django_engine.from_string(
        '{% load remember %}{% remember %}<script nonce="{{ n }}"></script>{% endremember %}'
    )
    with pytest.raises(ImproperlyConfigured, match="CSRF token or a CSP nonce"):
        script.render({"n": "a-nonce"}, request)
