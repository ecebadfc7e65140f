"""The demo loader: real kinds of instruments at the demo region's universities and institutes, a 2026
voucher scheme, and one voucher's journey to a settlement claim — its money reconciled."""

from __future__ import annotations

import io
import random

import pytest

from kechuang.resources import demo
from kechuang.resources.models import (
    Dispatch,
    Instrument,
    Redemption,
    ServiceAgency,
    VoucherApplication,
    VoucherScheme,
)
from kechuang.resources.selectors import reconcile
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_loads_instruments_of_the_region(cast):
    jlu = f.OrganizationFactory(name="吉林大学", kind="university")
    f.MembershipFactory(organization=jlu, user__username="university")
    f.OrganizationFactory(name="中国科学院长春光学精密机械与物理研究所", kind="institute")
    f.MembershipFactory(organization=cast.org, user__username="enterprise")
    cast.officer.officer_assignments.get().department.__class__.objects.filter(
        pk=cast.officer.officer_assignments.get().department_id
    ).update(name="长春市科学技术局")
    testing = f.OrganizationFactory(name="长春精测检验检测有限公司", kind="intermediary")
    f.MembershipFactory(organization=testing, user__username="testing_admin")
    f.ParkFactory(name="长春新区北湖科技园")
    out = io.StringIO()
    demo.load(stdout=out, rng=random.Random(1))
    names = set(Instrument.objects.filter(owner=jlu).values_list("name", flat=True))
    assert {"场发射扫描电子显微镜", "X射线衍射仪", "核磁共振波谱仪"} <= names
    assert Instrument.objects.filter(owner__name__contains="光学精密机械").count() == 2
    [scheme] = VoucherScheme.objects.all()
    assert (scheme.name, scheme.year) == ("2026年度长春市科技创新券", 2026)
    redemption = Redemption.objects.get(booking__isnull=False)
    assert (redemption.amount, redemption.status, redemption.provider) == (900, "claimed", jlu)
    service_paid = Redemption.objects.get(order__isnull=False)
    assert (service_paid.amount, service_paid.provider) == (2000, testing)
    assert reconcile(schemes=VoucherScheme.objects.all()).mismatches == []
    agency = ServiceAgency.objects.get()
    assert (agency.organization, agency.services.count(), agency.presences.get().complete) == (
        testing,
        3,
        True,
    )
    assert VoucherApplication.objects.get().status == "submitted"
    dispatch = Dispatch.objects.get()
    assert (dispatch.commissioner.home, dispatch.organization) == (jlu, cast.org)
    assert sorted(dispatch.logs.values_list("status", flat=True)) == ["confirmed", "submitted"]
    demo.load(stdout=out, rng=random.Random(1))  # idempotent
    assert Redemption.objects.count() == 2
