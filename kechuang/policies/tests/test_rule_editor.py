"""The officers' rule editor: check (errors with line and column, the rule in words, counts in the
region), save as a new version with an audit record, history and restore, new measures in a document;
and the permission matrix (other region / enterprise → 404)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.policies import services
from kechuang.policies.models import Claim, Measure, MeasureRuleVersion, PolicyDocument
from kechuang.registry.models import Department

from .conftest import ON

pytestmark = pytest.mark.django_db
Q = f"?on={ON.isoformat()}"

RULE = """id: changchun-rd-subsidy
title: 长春市研发投入补助
source:
  document: 长春市促进科技创新若干政策
  number: 长府发〔2025〕1号
  article: 第三条
effective: {from: 2025-01-01}
benefit: {type: subsidy, text: 按研发费用的10%补助}
mode: apply
department: 长春市科学技术局
rule:
  all:
    - kind == "enterprise"
    - label: 注册地在长春市
      when: region under "220100"
    - label: 上年度研发费用不低于100万元
      when: stats[last_year].rd_expenditure >= 100万
"""


@pytest.fixture
def local(cast, srdi):  # type: ignore[no-untyped-def]
    """A 长春市 measure (the officer's region); cast.org qualifies (R&D 320万), other_org does not (80万)."""
    return services.measure_save_rule(actor=cast.admin, rule_source=RULE, status="published")


def url(name, *args):  # type: ignore[no-untyped-def]
    return reverse(f"policies:{name}", args=args)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("norole", 404),
        ("org_admin", 404),
        ("org_member", 404),
        ("other_officer", 404),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_rule_edit_matrix(client, cast, local, who, expected):
    if who:
        client.force_login(getattr(cast, who))
    assert client.get(url("rule_edit", local.pk)).status_code == expected
    r = client.post(url("rule_edit", local.pk), {"rule_source": RULE, "action": "check"})
    assert r.status_code == expected
    version = local.rule_versions.get()
    r = client.post(url("rule_restore", local.pk, version.pk))
    assert r.status_code == (302 if expected == 200 else expected)


def test_officer_of_the_department_may_edit_a_measure_of_a_wider_region(client, cast, measures):
    """The 吉林省 measure is above the 长春市 officer's region: only its department's officers edit it."""
    jilin = measures["jilin-enterprise-rd-centre"]
    client.force_login(cast.officer)
    assert client.get(url("rule_edit", jilin.pk)).status_code == 404
    jilin.department = Department.objects.get(region_id="220100")
    jilin.save()
    assert client.get(url("rule_edit", jilin.pk)).status_code == 200
    client.force_login(cast.other_officer)
    assert client.get(url("rule_edit", jilin.pk)).status_code == 404


def test_check_shows_the_rule_in_words_and_the_counts_in_the_region(client, cast, local):
    client.force_login(cast.officer)
    lower = RULE.replace(">= 100万", ">= 50万")
    body = client.post(
        url("rule_edit", local.pk) + Q, {"rule_source": lower, "action": "check"}
    ).content.decode()
    assert 'id="preview-eligible">2<' in body and "现行规则 1" in body
    assert 'id="preview-unknown">0<' in body
    assert "上年度研发费用不低于100万元：2025年研发费用 ≥ 50万元" in body
    assert "注册地在长春市：所在地区 属于 220100" in body and "主体类型 = 企业" in body
    local.refresh_from_db()
    assert local.rule_source == RULE and local.rule_versions.count() == 1  # checking writes nothing
    # the saved rule, for comparison
    body = client.post(
        url("rule_edit", local.pk) + Q, {"rule_source": RULE, "action": "check"}
    ).content.decode()
    assert 'id="preview-eligible">1<' in body


def test_unknown_counts_organisations_without_the_figures(client, cast, local):
    from tests import factories as f

    f.OrganizationFactory(name="长春无数据科技有限公司")
    client.force_login(cast.officer)
    body = client.post(
        url("rule_edit", local.pk) + Q, {"rule_source": RULE, "action": "check"}
    ).content.decode()
    assert 'id="preview-unknown">1<' in body


def test_bad_rule_shows_line_column_and_reason_and_is_not_saved(client, cast, local):
    client.force_login(cast.officer)
    bad = RULE.replace("rd_expenditure >= 100万", "rd_expenditur >= 100万")
    line_no = next(i for i, line in enumerate(bad.splitlines(), 1) if "rd_expenditur >=" in line)
    column = bad.splitlines()[line_no - 1].index("rd_expenditur") + 1
    for action in ("check", "save"):
        r = client.post(url("rule_edit", local.pk), {"rule_source": bad, "action": action, "note": "x"})
        body = r.content.decode()
        assert r.status_code == 200
        assert f"第 {line_no} 行，第 {column} 列" in body
        assert "未知的年度统计字段“rd_expenditur”，是不是“rd_expenditure”？" in body
    local.refresh_from_db()
    assert local.rule_source == RULE and local.rule_hash == Measure.hash_rule(RULE)
    assert local.rule_versions.count() == 1
    assert not AuditRecord.objects.filter(action="measure.rule_update").exists()


def test_yaml_error_has_its_line_and_a_chinese_reason(client, cast, local):
    client.force_login(cast.officer)
    bad = RULE.replace("    - kind ==", "\t- kind ==")
    body = client.post(url("rule_edit", local.pk), {"rule_source": bad, "action": "save"}).content.decode()
    line_no = next(i for i, line in enumerate(bad.splitlines(), 1) if line.startswith("\t"))
    assert f"第 {line_no} 行，第 1 列" in body and "不能用制表符（Tab）缩进，请用空格" in body
    local.refresh_from_db()
    assert local.rule_source == RULE


def test_save_records_a_new_version_and_an_audit_record(client, cast, local):
    client.force_login(cast.officer)
    lower = RULE.replace(">= 100万", ">= 50万")
    r = client.post(
        url("rule_edit", local.pk),
        {"rule_source": lower, "action": "save", "note": "门槛降为50万", "expected_hash": local.rule_hash},
    )
    assert r.status_code == 302 and r["Location"] == url("measure_detail", local.pk)
    local.refresh_from_db()
    assert local.rule_source == lower
    versions = list(local.rule_versions.order_by("number").values_list("number", "rule_source", "note"))
    assert versions == [(1, RULE, "规则文件导入"), (2, lower, "门槛降为50万")]
    record = AuditRecord.objects.get(action="measure.rule_update")
    assert record.actor_id == cast.officer.pk and record.target_id == str(local.pk)
    assert record.before["version"] == 1 and record.after["version"] == 2
    assert record.after["rule_hash"] == Measure.hash_rule(lower)
    body = client.get(url("measure_detail", local.pk)).content.decode()
    assert 'id="rule-versions"' in body and "门槛降为50万" in body
    # a stale form (someone saved in between) is refused
    r = client.post(
        url("rule_edit", local.pk),
        {"rule_source": RULE, "action": "save", "expected_hash": Measure.hash_rule(RULE)},
    )
    assert "规则已被他人修改" in r.content.decode()
    local.refresh_from_db()
    assert local.rule_source == lower


def test_restore_an_old_version(client, cast, local):
    lower = RULE.replace(">= 100万", ">= 50万")
    services.measure_rule_update(measure=local, actor=cast.officer, rule_source=lower, note="降低门槛")
    first = local.rule_versions.get(number=1)
    client.force_login(cast.officer)
    r = client.post(url("rule_restore", local.pk, first.pk))
    assert r.status_code == 302
    local.refresh_from_db()
    assert local.rule_source == RULE
    assert list(local.rule_versions.order_by("number").values_list("number", "note")) == [
        (1, "规则文件导入"),
        (2, "降低门槛"),
        (3, "恢复为第1版"),
    ]
    assert AuditRecord.objects.filter(action="measure.rule_update").count() == 2
    # restoring what is already current is refused, and nothing is written
    r = client.post(url("rule_restore", local.pk, first.pk), follow=True)
    assert "当前规则已是第1版的内容。" in r.content.decode()
    assert local.rule_versions.count() == 3
    # a version of another measure is not found through this one
    other = MeasureRuleVersion.objects.exclude(measure=local).first()
    assert client.post(url("rule_restore", local.pk, other.pk)).status_code == 404


def test_officer_cannot_move_a_measure_out_of_their_region(cast, local):
    moved = RULE.replace('region under "220100"', 'region under "220200"')
    with pytest.raises(ApplicationError, match="不在您负责的范围内"):
        services.measure_rule_update(measure=local, actor=cast.officer, rule_source=moved)
    local.refresh_from_db()
    assert local.region_id == "220100" and local.rule_source == RULE


def test_rule_id_must_stay_the_measure_code(cast, local):
    with pytest.raises(ApplicationError, match="与事项编码"):
        services.measure_rule_update(
            measure=local, actor=cast.officer, rule_source=RULE.replace("changchun-rd-subsidy", "other")
        )


def test_create_a_measure_in_a_document(client, cast, local):
    doc = PolicyDocument.objects.get(title="长春市促进科技创新若干政策")
    client.force_login(cast.officer)
    page = client.get(url("document_detail", doc.pk)).content.decode()
    assert url("measure_create", doc.pk) in page
    form = client.get(url("measure_create", doc.pk)).content.decode()
    assert "region under &quot;220100&quot;" in form  # the template starts from the officer's region
    new = RULE.replace("changchun-rd-subsidy", "changchun-rd-subsidy-2").replace(
        "长春市研发投入补助", "新事项"
    )
    r = client.post(url("measure_create", doc.pk), {"rule_source": new, "action": "check"})
    assert 'id="rule-check"' in r.content.decode() and not Measure.objects.filter(title="新事项").exists()
    r = client.post(url("measure_create", doc.pk), {"rule_source": new, "action": "save"})
    m = Measure.objects.get(code="changchun-rd-subsidy-2")
    assert r.status_code == 302 and r["Location"] == url("measure_detail", m.pk)
    assert m.document == doc and m.status == "draft" and m.region_id == "220100"
    assert m.rule_versions.get().note == "新建事项"
    assert AuditRecord.objects.filter(action="measure.create", target_id=str(m.pk)).exists()
    # the code is taken now
    r = client.post(url("measure_create", doc.pk), {"rule_source": new, "action": "save"})
    assert "事项编码“changchun-rd-subsidy-2”已被使用，请修改规则的 id。" in r.content.decode()
    # a rule for another region cannot be created by this officer
    far = new.replace("changchun-rd-subsidy-2", "x-3").replace('"220100"', '"220200"')
    r = client.post(url("measure_create", doc.pk), {"rule_source": far, "action": "save"})
    assert "规则适用地区不在您负责的范围内" in r.content.decode()
    assert not Measure.objects.filter(code="x-3").exists()


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("norole", 404), ("org_admin", 404), ("officer", 200)]
)
def test_create_page_matrix(client, cast, local, who, expected):
    doc = local.document
    if who:
        client.force_login(getattr(cast, who))
    assert client.get(url("measure_create", doc.pk)).status_code == expected


def test_rule_editor_in_english(client, cast, local):
    client.force_login(cast.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    bad = RULE.replace("rd_expenditure >= 100万", "rd_expenditur >= 100万")
    body = client.post(url("rule_edit", local.pk), {"rule_source": bad, "action": "check"}).content.decode()
    assert "unknown yearly statistic “rd_expenditur”, did you mean “rd_expenditure”?" in body
    line_no = next(i for i, line in enumerate(bad.splitlines(), 1) if "rd_expenditur >=" in line)
    column = bad.splitlines()[line_no - 1].index("rd_expenditur") + 1
    assert f"Line {line_no}, column {column}" in body and "The rule is wrong" in body
    lower = RULE.replace(">= 100万", ">= 50万")
    body = client.post(
        url("rule_edit", local.pk) + Q, {"rule_source": lower, "action": "check"}
    ).content.decode()
    assert "上年度研发费用不低于100万元: 2025 R&amp;D expenditure ≥ ¥500,000" in body
    assert "Organization type = Enterprise" in body


def test_explanations_follow_the_page_language_and_snapshots_stay_chinese(client, cast, srdi):
    client.force_login(cast.org_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(url("measure_detail", srdi.pk) + Q).content.decode()
    assert "2025 R&amp;D expenditure ¥3.2 million, required ≥ ¥1 million" in body
    assert "2025年研发费用 320万元" not in body
    client.post(url("claim_start", srdi.pk), {"org": cast.org.pk, "on": ON.isoformat()})
    snapshot = str(Claim.objects.get().facts_snapshot["result"]["explanation"])
    assert "2025年研发费用 320万元，要求 ≥ 100万元" in snapshot  # evidence is kept in Chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    body = client.get(url("measure_detail", srdi.pk) + Q).content.decode()
    assert "2025年研发费用 320万元，要求 ≥ 100万元" in body


def test_api_explains_in_the_requested_language(cast, srdi):
    from rest_framework.test import APIClient

    c = APIClient()
    c.force_authenticate(cast.other_org_admin)
    url = reverse("api-policy-explain", args=[srdi.pk]) + f"?organization={cast.other_org.pk}&on={ON}"
    en = c.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert [x["text"] for x in en["changes"]] == [
        "（二）上年度研发费用总额不低于100万元: raise 2025 R&D expenditure from ¥800,000 to ¥1 million"
    ]
    zh = c.get(url).json()
    assert [x["text"] for x in zh["changes"]] == [
        "（二）上年度研发费用总额不低于100万元：2025年研发费用从 80万元 提高到 100万元"
    ]


def test_a_saved_rule_that_no_longer_checks_can_be_repaired(client, cast, local):
    broken = RULE.replace("rd_expenditure", "no_such_figure")
    Measure.objects.filter(pk=local.pk).update(rule_source=broken, rule_hash=Measure.hash_rule(broken))
    client.force_login(cast.officer)
    body = client.post(
        url("rule_edit", local.pk) + Q, {"rule_source": RULE, "action": "check"}
    ).content.decode()
    assert 'id="preview-eligible">1<' in body and "现行规则" not in body
    assert client.post(url("rule_edit", local.pk), {"rule_source": RULE, "action": "save"}).status_code == 302
    local.refresh_from_db()
    assert local.rule_source == RULE
    assert [v.rule_source for v in local.rule_versions.order_by("number")] == [RULE, broken, RULE]
