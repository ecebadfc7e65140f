"""The expert pool from Excel: conflicts declared on import, every problem by row, all rows or none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.registry.models import Expert, ExpertConflict
from tests import factories as f
from tests.pages import client_for, text
from tests.xlsx import xlsx_upload

pytestmark = pytest.mark.django_db
HEADER = ["姓名*", "工作单位", "所在地区", "职称", "专业领域", "每批最多评审数", "登录账号", "回避单位"]


def test_experts_with_a_declared_conflict_from_excel(cast):
    client = client_for(cast.officer)
    url = reverse("registry:expert_import")
    assert client.get(url + "?template=1").status_code == 200
    f.UserFactory(username="zhao")
    bad = xlsx_upload(
        "专家",
        HEADER,
        [
            ["赵教授", cast.other_org.uscc, "220102", "教授", "C39", 5, "zhao", cast.org.name],
            ["钱研究员", "", "220102", "研究员", "X99", "零", "", "不存在的公司"],
            ["孙工", "", "220202", "", "", "", "", ""],
        ],
    )
    response = client.post(url, {"file": bad})
    body = text(response)
    assert response.status_code == 400
    assert "这些行业代码不存在：X99" in body and "每批最多评审数须为正整数" in body
    assert "主体库中没有这些单位：不存在的公司" in body
    assert not Expert.objects.exists()
    good = xlsx_upload(
        "专家",
        HEADER,
        [
            ["赵教授", cast.other_org.uscc, "220102", "教授", "C39", 5, "zhao", cast.org.name],
            ["钱研究员", "", "220102", "研究员", "I65", "", "", ""],
        ],
    )
    assert client.post(url, {"file": good}).status_code == 302
    zhao = Expert.objects.get(name="赵教授")
    assert zhao.user.username == "zhao" and len(zhao.fields) == 1
    assert ExpertConflict.objects.filter(expert=zhao, organization=cast.org).exists()
    assert Expert.objects.count() == 2


def test_an_experts_region_outside_the_officers_is_refused_for_its_row(cast):
    upload = xlsx_upload("专家", HEADER, [["孙工", "", "220202", "", "", "", "", ""]])
    body = text(client_for(cast.officer).post(reverse("registry:expert_import"), {"file": upload}))
    assert "您只能管理本辖区的专家" in body
    assert not Expert.objects.exists()
