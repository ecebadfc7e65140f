"""Carriers and alliances: services' rules, public pages, change permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.carriers.choices import CarrierKind, CarrierStatus, HostRole, Tier
from kechuang.carriers.services import (
    alliance_create,
    alliance_member_add,
    alliance_member_leave,
    alliance_project_add,
    carrier_host_add,
    carrier_merge,
    carrier_transition,
)
from kechuang.carriers.tests.builders import make_carrier
from kechuang.core.errors import ApplicationError
from tests import factories as f


@pytest.fixture
def carrier(cast):
    return make_carrier(
        organization=cast.org,
        actor=cast.admin,
        name="光华重点实验室",
        kind=CarrierKind.KEY_LAB,
        tier=Tier.PROVINCIAL,
    )


def test_exactly_one_lead(cast):
    with pytest.raises(ApplicationError) as exc:
        make_carrier(
            organization=cast.org,
            actor=cast.admin,
            name="x",
            kind=CarrierKind.KEY_LAB,
            tier=Tier.COUNTY,
            role=HostRole.JOINT,
        )
    assert exc.value.message == "创新载体必须有且只有一个主建单位。"


def test_hosts_roles_and_history(cast, carrier):
    uni = f.OrganizationFactory(name="吉林大学", kind="university")
    carrier_host_add(carrier=carrier, organization=uni, role=HostRole.CO_BUILT, actor=cast.officer)
    with pytest.raises(ApplicationError) as exc:
        carrier_host_add(carrier=carrier, organization=uni, role=HostRole.JOINT, actor=cast.officer)
    assert exc.value.message == "该单位已是此载体的依托单位。"
    with pytest.raises(ApplicationError) as exc:
        carrier_host_add(carrier=carrier, organization=cast.other_org, role=HostRole.LEAD, actor=cast.officer)
    assert exc.value.message == "载体已有主建单位，新增单位只能联建或共建。"
    assert [e.title for e in carrier.events.all()] == ["认定为省级重点实验室", "新增共建单位"]


def test_status_moves_and_permissions(cast, carrier):
    with pytest.raises(ApplicationError) as exc:
        carrier_transition(carrier=carrier, to=CarrierStatus.WARNED, actor=cast.other_officer, note="x")
    assert exc.value.message == "您无权执行此操作。"
    with pytest.raises(ApplicationError) as exc:
        carrier_transition(carrier=carrier, to=CarrierStatus.WARNED, actor=cast.officer)
    assert exc.value.message == "请填写警告或撤销的原因。"
    carrier_transition(carrier=carrier, to=CarrierStatus.WARNED, actor=cast.officer, note="运行不规范")
    carrier_transition(carrier=carrier, to=CarrierStatus.ACTIVE, actor=cast.officer)
    carrier_transition(carrier=carrier, to=CarrierStatus.REVOKED, actor=cast.officer, note="停止运行")
    with pytest.raises(ApplicationError) as exc:
        carrier_transition(carrier=carrier, to=CarrierStatus.ACTIVE, actor=cast.officer)
    assert exc.value.message == "不能从“已撤销”变更为“有效”。"


def test_merge(cast, carrier):
    other = make_carrier(
        organization=cast.org,
        actor=cast.admin,
        name="光华工程中心",
        kind=CarrierKind.ENGINEERING_RESEARCH_CENTER,
        tier=Tier.PROVINCIAL,
    )
    with pytest.raises(ApplicationError) as exc:
        carrier_transition(carrier=carrier, to=CarrierStatus.MERGED, actor=cast.officer)
    assert exc.value.message == "合并请使用“合并至”操作并指定合并后的载体。"
    carrier_merge(carrier=carrier, into=other, actor=cast.officer, note="整合")
    carrier.refresh_from_db()
    assert carrier.status == CarrierStatus.MERGED and carrier.merged_into == other
    assert [e.title for e in other.events.all()][-1] == "合并了“光华重点实验室”"


def test_alliance_members_and_projects(cast):
    uni = f.OrganizationFactory(name="长春理工大学", kind="university")
    alliance = alliance_create(
        name="光电子联盟", lead=cast.org, region=cast.org.region, actor=cast.admin, chain="材料—器件—装备"
    )
    member = alliance_member_add(
        alliance=alliance, organization=uni, actor=cast.officer, chain_position="upstream"
    )
    with pytest.raises(ApplicationError) as exc:
        alliance_project_add(
            alliance=alliance, title="攻关", participants=[cast.org, cast.other_org], actor=cast.officer
        )
    assert exc.value.message == "以下单位不是联盟成员：长春北方化工有限公司。"
    alliance_project_add(
        alliance=alliance,
        title="激光器件联合攻关",
        participants=[cast.org, uni],
        actor=cast.officer,
        results="发明专利3件",
    )
    alliance_member_leave(member=member, actor=cast.officer)
    with pytest.raises(ApplicationError) as exc:
        alliance_member_leave(member=member, actor=cast.officer)
    assert exc.value.message == "该单位已退出联盟。"


def test_public_pages(client, cast, carrier):
    alliance = alliance_create(name="光电子联盟", lead=cast.org, region=cast.org.region, actor=cast.admin)
    alliance_project_add(
        alliance=alliance,
        title="激光器件联合攻关",
        participants=[cast.org],
        actor=cast.admin,
        results="新产品2项",
    )
    page = client.get(reverse("carriers:carrier_detail", args=[carrier.pk])).content.decode()
    assert "光华重点实验室" in page and "长春光华微电子有限公司（主建）" in page
    page = client.get(reverse("carriers:alliance_detail", args=[alliance.pk])).content.decode()
    assert "激光器件联合攻关" in page and "新产品2项" in page
    listing = client.get(
        reverse("carriers:carrier_list"), {"tier": "provincial", "q": "光華"}
    ).content.decode()
    assert "光华重点实验室" in listing  # Traditional input normalised
    assert client.get(reverse("carriers:carrier_detail", args=[carrier.pk + 999])).status_code == 404


def test_officer_pages_manage_carriers(client, cast, carrier):
    status_url = reverse("carriers:carrier_status", args=[carrier.pk])
    client.force_login(cast.other_officer)
    assert (
        client.post(status_url, {"to": "warned", "note": "x", "version": carrier.version}).status_code == 404
    )
    client.force_login(cast.officer)
    page = client.get(reverse("carriers:carrier_detail", args=[carrier.pk])).content.decode()
    assert 'id="carrier-actions"' in page
    response = client.post(status_url, {"to": "warned", "note": "", "version": carrier.version}, follow=True)
    assert "请填写警告或撤销的原因。" in response.content.decode()
    client.post(status_url, {"to": "warned", "note": "运行不规范", "version": carrier.version})
    carrier.refresh_from_db()
    assert carrier.status == CarrierStatus.WARNED
    response = client.post(
        reverse("carriers:carrier_host_add", args=[carrier.pk]),
        {"uscc": cast.other_org.uscc, "role": "joint"},
        follow=True,
    )
    assert "已新增依托单位。" in response.content.decode()
    response = client.post(
        reverse("carriers:carrier_host_add", args=[carrier.pk]),
        {"uscc": "91220102000000000X", "role": "joint"},
        follow=True,
    )
    assert "未找到该统一社会信用代码对应的主体。" in response.content.decode()
    client.force_login(cast.org_admin)
    assert (
        'id="carrier-actions"'
        not in client.get(reverse("carriers:carrier_detail", args=[carrier.pk])).content.decode()
    )


def test_officer_adds_alliance_member_and_project(client, cast):
    alliance = alliance_create(name="光电子联盟", lead=cast.org, region=cast.org.region, actor=cast.admin)
    client.force_login(cast.officer)
    client.post(
        reverse("carriers:alliance_member_add", args=[alliance.pk]),
        {"uscc": cast.other_org.uscc, "role": "member"},
    )
    response = client.post(
        reverse("carriers:alliance_project_add", args=[alliance.pk]),
        {
            "title": "联合攻关",
            "participants": f"{cast.org.uscc}，{cast.other_org.uscc}",
            "results": "专利2件",
        },
        follow=True,
    )
    assert "已新增联合项目。" in response.content.decode()
    assert alliance.projects.get().participants.count() == 2
