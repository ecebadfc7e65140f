"""Every shipped measure says which of its conditions are left to reviewers, and every answer — the
engine's text, the API's explanation — lists them (issue 12)."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.policies.rules import rule_files, shipped_rules

from .conftest import ON

HNTE = next(r for r in shipped_rules() if r.id == "hnte-recognition")
DOMESTIC = "（五）企业在中国境内发生的研究开发费用总额占全部研究开发费用总额的比例不低于60%（平台没有境内研发费用的数据）"


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: p.stem)
def test_every_shipped_rule_declares_its_reviewed_conditions(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "reviewed" in data, f"{path.name}: no reviewed: (write [] when the data check every condition)"


def test_hnte_lists_the_domestic_rd_share_and_the_conditions_of_article_11():
    assert [c[:3] for c in HNTE.reviewed] == ["（二）", "（三）", "（五）", "（六）", "（七）", "（八）"]
    assert DOMESTIC in HNTE.reviewed
    case = HNTE.cases()[0]
    result = HNTE.explain(case.facts, case.today)
    assert result.status == "eligible"
    assert f"    - {DOMESTIC}" in result.render()


@pytest.mark.django_db
def test_the_api_explanation_lists_them(cast, srdi):
    c = APIClient()
    c.force_authenticate(cast.org_member)
    url = reverse("api-policy-explain", args=[srdi.pk]) + f"?organization={cast.org.pk}&on={ON}"
    body = c.get(url).json()
    assert body["reviewed"] == srdi.rule.reviewed
    assert body["reviewed"][-1] == "（四）评价指标得分达到60分以上（由主管部门评审）"
