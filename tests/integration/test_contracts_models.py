"""The database refuses what a contract cannot be: ending before it starts, negative money, a
provider with a share of the value, a party twice in one role, two KPIs with one code."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from concord.contracts.models import KPI, Contract, ContractParty, Contribution
from concord.indicators.definitions import load_definitions
from concord.indicators.models import Indicator
from tests.factories import CCGFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
START, END = dt.date(2021, 4, 1), dt.date(2024, 3, 31)


def refused(**fields):
    model = fields.pop("model", Contract)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


@pytest.fixture
def contract():
    return Contract.objects.create(reference="C1", title="T", kind="grant", start=START, end=END)


def test_a_contract_ends_on_or_after_its_start():
    refused(reference="C0", title="T", kind="grant", start=END, end=START)
    Contract.objects.create(reference="C0", title="T", kind="grant", start=START, end=START)


def test_money_is_not_negative(contract):
    refused(reference="C2", title="T", kind="grant", start=START, end=END, annual_value=-1)
    partner = CCGFactory()
    refused(model=Contribution, contract=contract, partner=partner, year="2021-22", amount=-5)


def test_only_a_commissioner_has_a_share_and_each_party_appears_once_per_role(contract):
    trust = OrganisationFactory(kind="acute_trust")
    refused(model=ContractParty, contract=contract, organisation=trust, role="provider", share=10)
    ContractParty.objects.create(contract=contract, organisation=trust, role="provider")
    refused(model=ContractParty, contract=contract, organisation=trust, role="provider")


def test_kpi_codes_are_unique_within_a_contract(contract):
    load_definitions()
    terms = dict(
        contract=contract,
        code="K1",
        name="n",
        indicator=Indicator.objects.first(),
        threshold=1,
        measurement_period="month",
        consequence="c",
    )
    KPI.objects.create(**terms)
    refused(model=KPI, **terms)
