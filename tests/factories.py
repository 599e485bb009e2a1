"""factory_boy factories for the registry. Use these, not JSON fixtures."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from concord.access.roles import grant
from concord.organisations.models import (
    Kind,
    Organisation,
    Person,
    PopulationCount,
    Post,
    Relationship,
    RelationshipKind,
    StatusPeriod,
)
from concord.organisations.statuses import first_periods


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        self.save()
        if extracted:
            grant(self, extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"X{n:05d}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Kind.PRACTICE

    @factory.post_generation
    def status_periods(self, create, extracted, **kwargs):
        """An ODS status given to the factory is dated as a first release would date it."""
        if not create or not self.status:
            return
        for status, start, end in first_periods(
            self.status, opened=self.opened, closed=self.closed
        ):
            StatusPeriod.objects.create(organisation=self, status=status, start=start, end=end)


class PracticeFactory(OrganisationFactory):
    code = factory.Sequence(lambda n: f"P9{n:04d}")
    name = factory.Sequence(lambda n: f"Surgery {n}")
    kind = Kind.PRACTICE


class CCGFactory(OrganisationFactory):
    code = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + n % 26)}")
    name = factory.Sequence(lambda n: f"NHS Test {n} CCG")
    kind = Kind.CCG


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    child = factory.SubFactory(PracticeFactory)
    parent = factory.SubFactory(CCGFactory)
    kind = RelationshipKind.PART_OF
    start = dt.date(2013, 4, 1)
    end = None


class StatusPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusPeriod

    organisation = factory.SubFactory(PracticeFactory)
    status = "A"
    start = dt.date(1974, 4, 1)
    end = None


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n} (fictional)")
    is_fictional = True


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(CCGFactory)
    role = "Accountable officer"
    start = dt.date(2019, 4, 1)


class PopulationCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationCount

    organisation = factory.SubFactory(PracticeFactory)
    extract_date = dt.date(2021, 1, 1)
    patients = 5000
