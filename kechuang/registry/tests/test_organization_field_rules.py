"""Who may change which fields of an organization (``services.EDITABLE_FIELDS``), the same for API and pages.

A verified organization's identity — its code, legal name, kind and region — was checked by an officer of its
region; its own admin may not change it afterwards (refused, naming the fields), only that authority may.
Before verification the admin may still correct it, with the usual validation.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.registry import services
from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Organization
from kechuang.registry.tests.helpers import org_form
from kechuang.registry.validators import uscc_check_digit
from tests import api
from tests import factories as f
from tests.pages import client_for as page_client
from tests.pages import text

pytestmark = pytest.mark.django_db

NEW_USCC = f.make_uscc(424_242)
LOCKED = "已核验主体的{fields}只能由主管部门修改，如需变更请联系所在地科技部门。"


def _row(org: Organization) -> dict:  # type: ignore[type-arg]
    return Organization.objects.filter(pk=org.pk).values().get()


def _patch(user, org, body):  # type: ignore[no-untyped-def]
    return api.client_for(user).patch(f"/api/v1/organizations/{org.pk}/", body, format="json")


# ---------------------------------------------------------------------------------------------------------
# API


@pytest.mark.parametrize(
    ("body", "fields", "named"),
    [
        ({"uscc": NEW_USCC}, ["uscc"], "统一社会信用代码"),
        ({"region": "220202"}, ["region"], "所在地区"),  # 吉林市昌邑区: out of its officers' view
        ({"name": "长春光华微电子股份有限公司"}, ["name"], "名称"),
        ({"kind": "institute"}, ["kind"], "主体类型"),
        ({"uscc": "not a code"}, ["uscc"], "统一社会信用代码"),  # refused before it is even read
        (
            {"region": "110101", "uscc": NEW_USCC, "contact_person": "王五"},
            ["uscc", "region"],
            "统一社会信用代码、所在地区",
        ),
    ],
)
def test_api_org_admin_cannot_change_a_verified_orgs_identity(cast, body, fields, named):
    before, audit = _row(cast.org), AuditRecord.objects.count()
    extra = api.assert_error(_patch(cast.org_admin, cast.org, body), 400, LOCKED.format(fields=named))
    assert extra == {"field": fields[0], "fields": fields, "code": "not_editable"}
    assert _row(cast.org) == before and AuditRecord.objects.count() == audit
    assert before["verification_status"] == VerificationStatus.VERIFIED
    # Sending the stored values (as a client that round-trips the record does) is not a change.
    same = {
        "uscc": cast.org.uscc.lower(),
        "region": "220102",
        "name": f" {cast.org.name} ",
        "kind": "enterprise",
    }
    response = _patch(cast.org_admin, cast.org, {**same, "contact_person": "王五"})
    assert response.status_code == 200, response.json()
    cast.org.refresh_from_db()
    assert cast.org.contact_person == "王五" and cast.org.uscc == before["uscc"]
    assert cast.org.region_id == "220102" and cast.org.is_verified


def test_api_the_regions_officer_changes_what_the_org_admin_may_not(cast):
    body = {"uscc": NEW_USCC, "region": "220104", "name": "长春光华微电子股份有限公司"}
    old_uscc = cast.org.uscc
    api.assert_error(
        _patch(cast.org_admin, cast.org, body), 400, LOCKED.format(fields="统一社会信用代码、名称、所在地区")
    )
    response = _patch(cast.officer, cast.org, body)
    assert response.status_code == 200, response.json()
    cast.org.refresh_from_db()
    assert (cast.org.uscc, cast.org.region_id, cast.org.name) == (NEW_USCC, "220104", body["name"])
    assert cast.org.verification_status == VerificationStatus.VERIFIED  # its authority made the change
    record = AuditRecord.objects.filter(action="organization.update").get()
    assert record.actor_id == cast.officer.pk and record.target_id == str(cast.org.pk)
    assert {k: record.before[k] for k in ("uscc", "region_id", "region_path", "name")} == {
        "uscc": old_uscc,
        "region_id": "220102",
        "region_path": "220000/220100/220102/",
        "name": "长春光华微电子有限公司",
    }
    assert {k: record.after[k] for k in ("uscc", "region_id", "region_path", "name")} == {
        "uscc": NEW_USCC,
        "region_id": "220104",
        "region_path": "220000/220100/220104/",
        "name": "长春光华微电子股份有限公司",
    }
    # A platform admin is an authority too.
    response = _patch(cast.admin, cast.org, {"kind": "institute"})
    assert response.status_code == 200 and response.json()["kind"] == "institute"


# ---------------------------------------------------------------------------------------------------------
# The service itself (whatever the caller: a page, the API, a script)


def test_service_refuses_identity_changes_and_unknown_fields_whoever_calls(cast):
    before = _row(cast.org)
    with pytest.raises(ApplicationError) as exc:
        services.organization_update(organization=cast.org, actor=cast.org_admin, data={"region": "220202"})
    assert exc.value.message == LOCKED.format(fields="所在地区")
    with pytest.raises(ApplicationError) as exc:
        services.organization_update(
            organization=cast.org, actor=cast.officer, data={"verification_status": "pending", "address": "x"}
        )
    assert exc.value.message == "不支持的字段：verification_status。"
    assert exc.value.extra == {"field": "verification_status", "fields": ["verification_status"]}
    assert _row(cast.org) == before


# ---------------------------------------------------------------------------------------------------------
# Pages


def test_page_shows_a_verified_orgs_identity_read_only_and_ignores_forged_values(cast):
    url = reverse("registry:organization_edit", args=[cast.org.pk])
    form = page_client(cast.org_admin).get(url).context["form"]
    assert {name for name, field in form.fields.items() if field.disabled} == {
        "uscc",
        "name",
        "kind",
        "region",
    }
    assert (
        "已核验主体的此项信息只能由主管部门修改，如需变更请联系所在地科技部门。"
        in form.fields["uscc"].help_text
    )
    assert not {
        name
        for name, field in page_client(cast.officer).get(url).context["form"].fields.items()
        if field.disabled
    }

    before = _row(cast.org)
    forged = org_form(
        cast.org,
        uscc=NEW_USCC,
        region="220202",
        name="伪造名称有限公司",
        kind="institute",
        contact_person="王五",
    )
    response = page_client(cast.org_admin).post(url, forged)
    assert response.status_code == 302
    after = _row(cast.org)
    assert after["contact_person"] == "王五"
    assert {k: after[k] for k in before if k not in {"contact_person", "updated_at"}} == {
        k: before[k] for k in before if k not in {"contact_person", "updated_at"}
    }
    assert after["verification_status"] == VerificationStatus.VERIFIED
    record = AuditRecord.objects.filter(action="organization.update").get()
    assert record.before == {"contact_person": ""} and record.after == {"contact_person": "王五"}


def test_page_unverified_org_admin_fixes_a_typo_in_the_code(cast):
    org = f.OrganizationFactory(
        name="长春新注册科技有限公司",
        uscc=f.make_uscc(777_001),
        verification_status=VerificationStatus.PENDING,
    )
    admin = f.MembershipFactory(organization=org, user__username="new_admin").user
    url = reverse("registry:organization_edit", args=[org.pk])
    client = page_client(admin)
    assert not {name for name, field in client.get(url).context["form"].fields.items() if field.disabled}

    right = uscc_check_digit(NEW_USCC[:17])
    wrong = NEW_USCC[:17] + ("0" if right != "0" else "1")
    response = client.post(url, org_form(org, uscc=wrong))  # still validated: the check digit
    assert response.status_code == 200
    assert (
        f"统一社会信用代码校验位错误：第18位应为“{right}”，而不是“{wrong[-1]}”。请核对后重新输入。"
        in text(response)
    )
    response = client.post(url, org_form(org, uscc=cast.other_org.uscc))  # and uniqueness
    assert response.status_code == 200
    assert (
        f"统一社会信用代码{cast.other_org.uscc}已登记，请勿重复注册；如需加入该机构，请联系其管理员邀请。"
        in text(response)
    )
    org.refresh_from_db()
    assert org.uscc == f.make_uscc(777_001)

    response = client.post(url, org_form(org, uscc=NEW_USCC.lower()))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.uscc == NEW_USCC and org.verification_status == VerificationStatus.PENDING
    record = AuditRecord.objects.filter(action="organization.update").get()
    assert record.before["uscc"] == f.make_uscc(777_001) and record.after["uscc"] == NEW_USCC
