"""The organisation × indicator page runs a fixed number of queries, however many practices a
CCG has: pinned with 3 and with 60 practices."""

import re

import pytest
from django.urls import reverse

from tests.integration.indicator_pages import build

pytestmark = pytest.mark.django_db
MONTHS = 15


def marks(response, name: str) -> int:
    """How many <circle class="name ..."> marks the page draws."""
    return len(re.findall(rf'class="{name}[" ]', response.content.decode()))


CCG_PAGE_QUERIES = 9
PRACTICE_PAGE_QUERIES = 12
COMPARE_QUERIES = 13


@pytest.mark.parametrize("practices", [3, 60])
def test_ccg_page_query_count_is_fixed(client, viewer, practices, django_assert_num_queries):
    economy = build(practices=practices, periods=MONTHS)
    client.force_login(viewer)
    url = reverse("organisation-indicator", args=[economy["ccg"].code, economy["indicator"].code])
    with django_assert_num_queries(CCG_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert marks(response, "spc-point") == MONTHS


@pytest.mark.parametrize("practices", [3, 60])
def test_practice_page_query_count_is_fixed(client, viewer, practices, django_assert_num_queries):
    economy = build(practices=practices, periods=MONTHS)
    client.force_login(viewer)
    practice = economy["practices"][1]
    url = reverse("organisation-indicator", args=[practice.code, economy["indicator"].code])
    with django_assert_num_queries(PRACTICE_PAGE_QUERIES):
        response = client.get(url)
    assert marks(response, "funnel-point") == practices - 1


@pytest.mark.parametrize("practices", [3, 60])
def test_compare_page_query_count_is_fixed(client, viewer, practices, django_assert_num_queries):
    economy = build(practices=practices, periods=MONTHS)
    client.force_login(viewer)
    url = reverse("indicator-compare", args=[economy["ccg"].code, economy["indicator"].code])
    with django_assert_num_queries(COMPARE_QUERIES):
        response = client.get(url, {"members": "practice"})
    assert marks(response, "caterpillar-point") == practices - 1
