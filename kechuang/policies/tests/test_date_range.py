"""Application dates outside 1949-10-01 .. 2100-12-31 are refused where users give them (API, pages,
the nightly commands), and a rule that cannot be computed for an accepted date is a user error.

Before the fix, ``on=0001-01-01`` sent the engine's date arithmetic (``today - years(2)``) into an endless
loop: each of these requests pinned a server thread."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.policies import services
from kechuang.policies.models import Claim

from .conftest import ON

pytestmark = pytest.mark.django_db

REFUSED = "申请日应在 1949-10-01 至 2100-12-31 之间。"

# Loads (checked for 2025) but its arithmetic leaves the calendar for any date before 1990.
LONG_AGO = """id: long-ago
title: 成立超过1990年的单位
source: {document: 测试文件, article: 第一条}
effective: {from: 2025-01-01}
benefit: {type: subsidy, text: 测试}
rule:
  all:
    - kind == "enterprise"
    - label: 成立满1990年
      when: founded_on <= today - years(1990)
"""
NOT_COMPUTED = "该事项的规则无法计算：从1980年1月1日起加减后的日期超出了可以计算的范围（公元1年至9999年）"


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31"])
def test_explain_api_refuses_a_date_out_of_range(cast, srdi, on):
    url = reverse("api-policy-explain", args=[srdi.pk]) + f"?organization={cast.org.pk}&on={on}"
    r = api(cast.org_member).get(url)
    assert r.status_code == 400
    assert r.json() == {
        "message": REFUSED,
        "extra": {"field": "on", "earliest": "1949-10-01", "latest": "2100-12-31"},
    }


def test_the_refusal_is_translated(cast, srdi):
    url = reverse("api-policy-explain", args=[srdi.pk]) + f"?organization={cast.org.pk}&on=0001-01-01"
    r = api(cast.org_member).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert r.json()["message"] == "Application date must be between 1949-10-01 and 2100-12-31."


def test_the_range_is_1949_10_01_to_2100_12_31(cast, srdi):
    cast.org.founded_on = dt.date(1949, 1, 1)  # founded after the application date is refused (issue 12)
    cast.org.save(update_fields=["founded_on"])
    url = reverse("api-policy-explain", args=[srdi.pk]) + f"?organization={cast.org.pk}&on="
    for on in ("1949-09-30", "2101-01-01"):
        r = api(cast.org_member).get(url + on)
        assert r.status_code == 400 and r.json()["message"] == REFUSED
    for on in ("1949-10-01", "2100-12-31"):
        r = api(cast.org_member).get(url + on)
        assert r.status_code == 200 and r.json()["today"] == on


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31"])
def test_what_if_api_refuses_a_date_out_of_range(cast, srdi, on):
    url = reverse("api-policy-what-if", args=[srdi.pk])
    r = api(cast.officer).get(url + f"?on={on}")
    assert r.status_code == 400 and r.json()["message"] == REFUSED
    for query, body in [(f"?on={on}", {"changes": {"0": "1"}}), ("", {"changes": {"0": "1"}, "on": on})]:
        r = api(cast.officer).post(url + query, body, format="json")
        assert r.status_code == 400 and r.json()["message"] == REFUSED


def test_claim_api_refuses_a_date_out_of_range(cast, srdi):
    r = api(cast.org_admin).post(
        reverse("api-policy-claims"),
        {"measure": srdi.pk, "organization": cast.org.pk, "on": "0001-01-01"},
        format="json",
    )
    assert r.status_code == 400 and r.json()["message"] == REFUSED
    assert not Claim.objects.exists()


def test_a_rule_that_cannot_be_computed_for_an_accepted_date_is_a_400(cast, srdi):
    measure = services.measure_save_rule(actor=cast.admin, rule_source=LONG_AGO, status="published")
    url = reverse("api-policy-explain", args=[measure.pk]) + f"?organization={cast.org.pk}&on=1980-01-01"
    r = api(cast.org_member).get(url)
    assert r.status_code == 400
    assert r.json()["message"] == NOT_COMPUTED
    assert r.json()["extra"]["where"] == "rule.all[1]（第9行）"


def test_pages_show_the_refusal_and_today_instead(client, cast, srdi):
    client.force_login(cast.org_admin)
    url = reverse("policies:measure_detail", args=[srdi.pk])
    r = client.get(url + f"?org={cast.org.pk}&on=0001-01-01")
    assert r.status_code == 302 and r["Location"] == url + f"?org={cast.org.pk}"
    assert REFUSED in client.get(r["Location"]).content.decode()
    r = client.get(reverse("policies:my_policies") + "?on=9999-12-31", follow=True)
    assert r.status_code == 200 and REFUSED in r.content.decode()
    r = client.post(reverse("policies:claim_start", args=[srdi.pk]), {"org": cast.org.pk, "on": "0001-01-01"})
    assert r.status_code == 302 and r["Location"] == url
    assert REFUSED in client.get(url).content.decode()
    assert not Claim.objects.exists()


def test_what_if_page_shows_the_refusal_in_its_form(client, cast, srdi):
    client.force_login(cast.officer)
    r = client.get(reverse("policies:what_if", args=[srdi.pk]) + "?on=0001-01-01&t0=1")
    assert r.status_code == 200
    assert f'<ul class="errorlist"><li>{REFUSED}</li></ul>' in r.content.decode()
    assert r.context["result"] is None


def test_rule_editor_check_shows_the_refusal(client, cast, srdi):
    client.force_login(cast.admin)
    r = client.post(
        reverse("policies:rule_edit", args=[srdi.pk]),
        {"rule_source": srdi.rule_source, "action": "check", "on": "0001-01-01"},
    )
    assert r.status_code == 200 and r.context["rule_error"].message == REFUSED
    r = client.post(
        reverse("policies:rule_edit", args=[srdi.pk]),
        {"rule_source": LONG_AGO, "action": "check", "on": "1980-01-01"},
    )
    assert r.status_code == 200 and r.context["rule_error"].message == NOT_COMPUTED


def test_nightly_commands_refuse_a_date_out_of_range(cast, measures):
    for command in ("policies_qualify", "policies_auto_claims"):
        with pytest.raises(CommandError) as e:
            call_command(command, "--user", "officer", "--date", "0001-01-01", stdout=StringIO())
        assert str(e.value) == "申请日（--date）应在 1949-10-01 至 2100-12-31 之间。"


def test_disbursement_date_out_of_range_is_refused(cast, srdi):
    claim = services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    services.claim_submit(claim=claim, actor=cast.org_admin)
    services.claim_review(claim=claim, actor=cast.officer, decision="approve", amount_approved=1000)
    r = api(cast.officer).post(
        reverse("api-policy-disbursements", args=[claim.pk]),
        {"amount": "1000", "paid_on": "0001-01-01"},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["message"] == "兑现日期应在 1949-10-01 至 2100-12-31 之间。"
    assert r.json()["extra"]["field"] == "paid_on"
