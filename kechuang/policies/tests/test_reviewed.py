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
SEVEN = "（七）企业创新能力评价应达到相应要求"


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: p.stem)
def test_every_shipped_rule_declares_its_reviewed_conditions(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "reviewed" in data, f"{path.name}: no reviewed: (write [] when the data check every condition)"


def test_hnte_lists_the_conditions_of_article_11_the_data_cannot_check():
    assert [c[:3] for c in HNTE.reviewed] == [
        "第二条",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "（六）",
        "（七）",
        "（八）",
    ]
    case = HNTE.cases()[0]
    result = HNTE.explain(case.facts, case.today)
    assert result.status == "eligible"
    assert f"    - {SEVEN}" in result.render()


def test_hnte_checks_the_domestic_rd_share_of_article_11_5():
    """第十一条（五）：境内研究开发费用占全部研究开发费用的比例不低于60% is checked, not left to reviewers."""
    assert not any("境内发生的研究开发费用" in c or "境内研发" in c for c in HNTE.reviewed)
    case = HNTE.cases()[0]
    facts = {**case.facts, "stats": {y: dict(row) for y, row in case.facts["stats"].items()}}
    for row in facts["stats"].values():
        row["domestic_rd_expenditure"] = row["rd_expenditure"] * 0.59
    result = HNTE.explain(facts, case.today)
    assert result.status == "ineligible"
    assert "境内" in result.render()
    for row in facts["stats"].values():
        del row["domestic_rd_expenditure"]
    result = HNTE.explain(facts, case.today)
    assert result.status == "unknown"
    assert {m["fact"] for m in result.as_dict()["missing"]} == {
        f"stats[{y}].domestic_rd_expenditure" for y in (2023, 2024, 2025)
    }


@pytest.mark.django_db
def test_the_api_explanation_lists_them(cast, srdi):
    c = APIClient()
    c.force_authenticate(cast.org_member)
    url = reverse("api-policy-explain", args=[srdi.pk]) + f"?organization={cast.org.pk}&on={ON}"
    body = c.get(url).json()
    assert body["reviewed"] == srdi.rule.reviewed
    assert body["reviewed"][-1] == "（四）评价指标得分达到60分以上（由主管部门评审）"


@pytest.mark.parametrize("rule", shipped_rules(), ids=lambda r: r.id)
def test_every_shipped_measure_has_cases_for_each_answer(rule):
    """Cases written from the law's text for every measure: at least one that qualifies, one that does not
    and one with data missing (a measure whose every condition is left to reviewers cannot miss data)."""
    cases = rule.cases()
    statuses = {c.expected for c in cases}
    assert {"eligible", "ineligible"} <= statuses, rule.id
    assert "unknown" in statuses, rule.id
    assert len(cases) >= 3, rule.id
