"""The pages added for registers, events, coverage, complaint statistics and public verification."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from kechuang.quality.models import Event, PatentDeal, Product
from kechuang.quality.services.complaints import complaint_lodge
from kechuang.quality.services.ip import trademark_create
from kechuang.registry.models import Designation, Region
from tests import app_factories as af


def test_register_actions_from_the_ip_page(client, cast):
    patent = af.PatentFactory(organization=cast.org, title="一种光电探测器")
    client.force_login(cast.org_admin)
    page = reverse("quality:organization_ip", kwargs={"pk": cast.org.pk})
    body = client.get(page).content.decode()
    assert "变更法律状态" in body and "登记产品" in body and "从 Excel 导入商标" in body
    response = client.post(
        reverse("quality:patent_status", kwargs={"pk": patent.pk}),
        {"status": "lapsed", "lapsed_on": "2025-03-01"},
    )
    assert response.status_code == 302 and response.url == page
    patent.refresh_from_db()
    assert patent.lapsed_on == dt.date(2025, 3, 1)
    active = af.PatentFactory(organization=cast.org)
    client.post(
        reverse("quality:patent_deal_add", kwargs={"pk": active.pk}),
        {"kind": "licence", "counterparty": "某公司", "licence_scope": "ordinary", "signed_on": "2025-05-01"},
    )
    assert PatentDeal.objects.filter(patent=active).exists()
    client.post(
        reverse("quality:product_add", kwargs={"pk": cast.org.pk}),
        {"name": "光电探测器", "standards": "GB/T 1234-2020\nQ/22QM 001-2024"},
    )
    product = Product.objects.get(organization=cast.org)
    assert sorted(product.standards.values_list("level", flat=True)) == ["enterprise", "national"]
    mark = trademark_create(
        organization=cast.org, actor=cast.org_admin, registration_no="1234567", name="启明", nice_class=9
    )
    response = client.post(
        reverse("quality:trademark_fame", kwargs={"pk": mark.pk}), {"fame": "famous"}, follow=True
    )
    assert "驰名或著名商标须填写认定日期和有效期。" in response.content.decode()
    body = client.get(page).content.decode()
    assert "已失效" in body and "某公司" in body and "GB/T 1234-2020（国家标准）" in body


def test_events_pages(client, cast):
    client.force_login(cast.org_admin)
    response = client.post(
        reverse("quality:event_new"),
        {
            "kind": "ip_week",
            "title": "4.26知识产权宣传周进园区",
            "organiser": cast.org.pk,
            "held_on": "2025-04-26",
            "place": "长春高新区",
            "participants": "150",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "quality:event_detail", kwargs={"pk": event.pk}
    )
    body = client.get(reverse("quality:event_list") + "?kind=ip_week&year=2025").content.decode()
    assert "4.26知识产权宣传周进园区" in body and "知识产权宣传周" in body
    client.force_login(cast.other_org_admin)
    response = client.post(reverse("quality:event_detail", kwargs={"pk": event.pk}), {"participants": "1"})
    assert response.status_code == 404


def test_coverage_statistics_export_and_verify(client, cast):
    af.PatentFactory(organization=cast.org)
    complaint_lodge(
        actor=cast.org_admin,
        subject="假冒",
        body="假冒产品。",
        region=Region.objects.get(code="220102"),
        category="counterfeit",
    )
    client.force_login(cast.officer)
    assert "产品标准覆盖率" in client.get(reverse("quality:coverage") + "?by=industry").content.decode()
    body = client.get(reverse("quality:complaint_statistics")).content.decode()
    assert "假冒伪劣" in body and "南关区" in body
    response = client.get(reverse("quality:complaint_statistics_export"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["按地区", "按类别"]
    assert [c.value for c in workbook["按类别"][2]] == ["假冒伪劣", 1, 1, 0, 0]
    client.force_login(cast.org_member)
    assert client.get(reverse("quality:complaint_statistics")).status_code == 404

    Designation.objects.create(
        organization=cast.org,
        kind="ip_demonstration",
        certificate_no="CCIPD-2025-0001",
        issuer="长春市科学技术局",
        valid_from=dt.date(2025, 12, 1),
        valid_to=dt.date(2099, 1, 1),
    )
    client.logout()
    body = client.get(reverse("quality:verify") + "?no=CCIPD-2025-0001").content.decode()
    assert cast.org.name in body and "知识产权示范企业" in body and "真实有效" in body
    body = client.get(reverse("quality:verify") + "?no=NOPE").content.decode()
    assert "未查到编号“NOPE”" in body
