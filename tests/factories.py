"""factory_boy factories for the foundation models (used by every app's tests)."""

from __future__ import annotations

import factory

from kechuang.accounts.models import User
from kechuang.registry.choices import DepartmentKind, MembershipRole, OrganizationKind, VerificationStatus
from kechuang.registry.models import (
    Department,
    Expert,
    Membership,
    OfficerAssignment,
    Organization,
    Park,
    Region,
    YearlyStatistics,
)
from kechuang.registry.validators import uscc_check_digit


def make_uscc(n: int, region_code: str = "220102") -> str:
    """A valid 统一社会信用代码 for sequence number ``n`` in the given region (9 = 工商, 1 = 企业)."""
    body = f"91{region_code}{n:09d}"
    return body + uscc_check_digit(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    password = factory.django.Password("Kechuang-2026")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    uscc = factory.Sequence(lambda n: make_uscc(n + 1))
    name = factory.Sequence(lambda n: f"长春测试科技有限公司{n}")
    kind = OrganizationKind.ENTERPRISE
    region = factory.LazyFunction(lambda: Region.objects.get(code="220102"))
    verification_status = VerificationStatus.VERIFIED
    region_path = factory.LazyAttribute(lambda o: o.region.path)
    search_text = factory.LazyAttribute(lambda o: f"{o.name} {o.uscc}".lower())


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("region", "kind")

    kind = DepartmentKind.SCIENCE
    region = factory.LazyFunction(lambda: Region.objects.get(code="220100"))
    name = factory.LazyAttribute(lambda o: f"{o.region.name}科学技术局")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.ADMIN


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerAssignment

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    region = factory.LazyAttribute(lambda o: o.department.region)


class ExpertFactory(factory.django.DjangoModelFactory):
    """An active entry in the expert pool for a new user (that user is then a review expert)."""

    class Meta:
        model = Expert

    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.display_name if o.user else "专家")
    title = "教授"


class StatisticsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyStatistics

    organization = factory.SubFactory(OrganizationFactory)
    year = 2025
    revenue = 50_000_000
    rd_expenditure = 2_500_000
    employees = 120
    rd_staff = 20
    valid_invention_patents = 3


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    name = factory.Sequence(lambda n: f"长春测试产业园{n}")
    level = "municipal"
    kind = "industrial_park"
    region = factory.LazyFunction(lambda: Region.objects.get(code="220100"))
