"""Service agencies: registration, catalogue, park checks (the four-item checklist), orders through every
move with their refusals, a voucher paying a delivered order, and the reconciliation that includes it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.registry.models import Region
from kechuang.resources.choices import OrderStatus as S
from kechuang.resources.models import Redemption
from kechuang.resources.selectors import reconciliation
from kechuang.resources.selectors_agencies import agencies_with_presence, service_search
from kechuang.resources.services.agencies import (
    agency_register,
    order_deliver,
    order_rate,
    order_request,
    order_transition,
    presence_record,
    service_create,
)
from kechuang.resources.services.vouchers import voucher_redeem_order
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def center(cast):  # type: ignore[no-untyped-def]
    org = f.OrganizationFactory(name="长春市生产力促进中心", kind="intermediary")
    admin = f.MembershipFactory(organization=org, user__username="center_admin").user
    return admin, agency_register(actor=admin, organization=org, kind="productivity")


@pytest.fixture
def testing(center):  # type: ignore[no-untyped-def]
    admin, agency = center
    return service_create(
        actor=admin,
        agency=agency,
        name="金属材料力学性能检测",
        kind="testing",
        price=D("800"),
        region_served=Region.objects.get(code="220100"),
    )


def test_register_and_list_services(cast, center, testing):
    admin, agency = center
    with pytest.raises(ApplicationError, match=r"^该单位已登记为科技服务机构。$"):
        agency_register(actor=admin, organization=agency.organization, kind="consulting")
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        agency_register(actor=cast.org_member, organization=cast.org, kind="consulting")
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        service_create(
            actor=cast.org_admin, agency=agency, name="x", kind="testing", price=D("1"),
            region_served=Region.objects.get(code="220100"),
        )  # fmt: skip
    with pytest.raises(ApplicationError, match=r"^参考价格不能为负数。$"):
        service_create(
            actor=admin, agency=agency, name="x", kind="testing", price=D("-1"),
            region_served=Region.objects.get(code="220100"),
        )  # fmt: skip
    assert list(service_search(user=cast.norole, q="力学")) == [testing]
    assert list(service_search(user=cast.norole, region="220102")) == [testing]  # 朝阳区 lies in 长春市
    assert list(service_search(user=cast.norole, region="220202")) == []  # 吉林市 does not
    assert list(service_search(user=cast.norole, kind="legal")) == []


def test_park_presence_checklist(cast, center):
    _, agency = center
    park = f.ParkFactory(name="长春新区北湖科技园")
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        presence_record(actor=cast.other_officer, agency=agency, park=park, has_sign=True, staff=1,
                        has_office=True, service_records=1)  # fmt: skip
    partial = presence_record(
        actor=cast.officer,
        agency=agency,
        park=park,
        has_sign=True,
        staff=2,
        has_office=False,
        service_records=0,
    )
    assert not partial.complete
    full = presence_record(
        actor=cast.officer,
        agency=agency,
        park=park,
        has_sign=True,
        staff=2,
        has_office=True,
        service_records=9,
    )
    assert full.complete
    [(found, checks)] = agencies_with_presence(user=cast.norole)
    assert (found, checks) == (agency, [full])  # the latest check per park


def test_order_moves_and_refusals(cast, center, testing):
    admin, _ = center
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        order_request(actor=cast.org_admin, service=testing, enterprise=cast.other_org, description="x")
    jilin = f.OrganizationFactory(region=Region.objects.get(code="220202"))
    with pytest.raises(ApplicationError, match=r"^该服务项目只面向长春市的单位。$"):
        order_request(actor=f.MembershipFactory(organization=jilin).user, service=testing, enterprise=jilin,
                      description="x")  # fmt: skip
    with pytest.raises(ApplicationError, match=r"^请填写需求说明。$"):
        order_request(actor=cast.org_admin, service=testing, enterprise=cast.org, description=" ")
    order = order_request(
        actor=cast.org_admin, service=testing, enterprise=cast.org, description="拉伸试验5件"
    )
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        order_transition(order=order, to=S.ACCEPTED, actor=cast.org_admin)
    with pytest.raises(ApplicationError, match=r"^不能从“待受理”变更为“已交付”。$"):
        order_deliver(order=order, actor=admin, fee=D("800"), delivery_note="报告已寄出")
    order_transition(order=order, to=S.ACCEPTED, actor=admin)
    order.refresh_from_db()
    with pytest.raises(ApplicationError, match=r"^请填写交付说明。$"):
        order_deliver(order=order, actor=admin, fee=D("800"), delivery_note="")
    with pytest.raises(ApplicationError, match=r"^服务费不能为负数。$"):
        order_deliver(order=order, actor=admin, fee=D("-1"), delivery_note="x")
    order_deliver(order=order, actor=admin, fee=D("4000"), delivery_note="检测报告编号JC2026-118")
    order.refresh_from_db()
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        order_rate(order=order, actor=admin, rating=5)
    with pytest.raises(ApplicationError, match=r"^评分应为1至5分。$"):
        order_rate(order=order, actor=cast.org_admin, rating=6)
    order_rate(order=order, actor=cast.org_admin, rating=5, comment="报告规范")
    order.refresh_from_db()
    assert (order.status, order.fee, order.rating) == (S.RATED, D("4000.00"), 5)
    second = order_request(actor=cast.org_admin, service=testing, enterprise=cast.org, description="硬度试验")
    order_transition(order=second, to=S.CANCELLED, actor=cast.org_member)
    with pytest.raises(ApplicationError, match=r"^不能从“已取消”变更为“服务中”。$"):
        order_transition(order=second, to=S.ACCEPTED, actor=admin)


def test_voucher_pays_a_delivered_order(cast, center, testing):
    _admin, agency = center
    voucher = af.VoucherFactory(
        enterprise=cast.org,
        amount=D("10000"),
        scheme__department=cast.officer.officer_assignments.get().department,
    )
    order = af.ServiceOrderFactory(service=testing, enterprise=cast.org, status=S.ACCEPTED)
    with pytest.raises(ApplicationError, match=r"^只能对已交付的服务抵扣创新券。$"):
        voucher_redeem_order(actor=cast.org_admin, voucher=voucher, order=order)
    order.status, order.fee = S.DELIVERED, D("4000")
    order.save()
    voucher.scheme.pays_testing = False
    voucher.scheme.save()
    with pytest.raises(ApplicationError, match=r"^本创新券计划不支付“检验检测”类服务。$"):
        voucher_redeem_order(actor=cast.org_admin, voucher=voucher, order=order)
    voucher.scheme.pays_testing = True
    voucher.scheme.save()
    foreign = af.ServiceOrderFactory(
        service=testing, enterprise=cast.other_org, status=S.DELIVERED, fee=D("9")
    )
    with pytest.raises(ApplicationError, match=r"^该服务委托不属于持券企业。$"):
        voucher_redeem_order(actor=cast.org_admin, voucher=voucher, order=foreign)
    redemption = voucher_redeem_order(actor=cast.org_admin, voucher=voucher, order=order)
    assert (redemption.amount, redemption.provider, redemption.paid_for) == (
        D("2000.00"),
        agency.organization,
        "金属材料力学性能检测",
    )
    with pytest.raises(ApplicationError, match=r"^该创新券已用于此项服务，不能重复使用。$"):
        voucher_redeem_order(actor=cast.org_admin, voucher=voucher, order=order)
    result = reconciliation(user=cast.officer)
    assert result.mismatches == []
    [provider] = result.providers
    assert (provider.provider, provider.redeemed) == ("长春市生产力促进中心", D("2000.00"))
    Redemption.objects.filter(pk=redemption.pk).update(amount=D("2500"))
    assert reconciliation(user=cast.officer).mismatches[-1] == (
        f"长春市生产力促进中心：服务委托（编号{order.pk}）的抵扣超过了计划可补贴的费用"
    )


def test_order_pages(client, cast, center, testing):
    admin, _agency = center
    client.force_login(cast.org_admin)
    response = client.post(
        reverse("resources:order_create", args=[testing.pk]),
        {"enterprise": cast.org.pk, "description": "拉伸试验5件"},
    )
    order = cast.org.service_orders.get()
    assert response.url == reverse("resources:order_detail", args=[order.pk])
    client.force_login(admin)
    page = client.get(reverse("resources:order_detail", args=[order.pk])).content.decode()
    assert "受理" in page and "不予受理" in page
    client.post(reverse("resources:order_action", args=[order.pk]), {"action": "accept", "version": 0})
    client.post(
        reverse("resources:order_action", args=[order.pk]),
        {"action": "deliver", "version": 1, "fee": "800", "delivery_note": "报告已交付"},
    )
    order.refresh_from_db()
    assert (order.status, order.fee) == (S.DELIVERED, D("800.00"))
    text = client.get(reverse("resources:agency_list")).content.decode()
    assert "长春市生产力促进中心" in text and "尚未进驻园区" in text
