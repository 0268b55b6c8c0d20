"""factory_boy factories shared by every test area."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from lianyi.customers.models import Stand
from lianyi.gatherings.models import Gathering
from lianyi.org.models import Company, Department, Role, Team, User


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"联谊健康科技{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"销售{n}部")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"{n}组")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"专员{n}")
    role = Role.REP
    team = factory.SubFactory(TeamFactory)
    company = factory.LazyAttribute(lambda o: o.team.department.company if o.team else None)
    password = factory.django.Password("pass-1234")


class StandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stand

    company = factory.SubFactory(CompanyFactory)
    name = "幸福里社区健康咨询点"
    place = "幸福里小区北门"
    held_on = factory.LazyFunction(lambda: timezone.localdate())


class GatheringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gathering

    company = factory.SubFactory(CompanyFactory)
    name = "金秋联谊会"
    venue = "市文化宫三楼"
    capacity = 200
    starts_at = factory.LazyFunction(
        lambda: (
            timezone.now().replace(hour=1, minute=30, second=0, microsecond=0)
            + dt.timedelta(days=14)
        )
    )
