"""Pages: the enterprise view, the officers' pages, and the permission matrix
(anonymous → login, no role / other organisation / other region → 404, own → 200)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kechuang.policies import selectors, services
from kechuang.policies.choices import ClaimStatus
from kechuang.policies.models import Claim

from .conftest import ON

pytestmark = pytest.mark.django_db
Q = f"?on={ON.isoformat()}"


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_public_pages(client, measures, srdi):
    assert client.get(reverse("policies:measure_list")).status_code == 200
    r = client.get(reverse("policies:measure_detail", args=[srdi.pk]))
    assert r.status_code == 200 and "工信部企业〔2022〕63号" in r.content.decode()
    doc = srdi.document
    assert client.get(reverse("policies:document_detail", args=[doc.pk])).status_code == 200
    r = client.get(reverse("policies:document_list") + "?q=吉政辦發")  # Traditional input finds the seed
    assert "吉林省人民政府办公厅" in r.content.decode()


def test_my_policies_shows_eligible_and_almost_with_reasons(client, cast, srdi):
    r = get(client, cast.org_admin, reverse("policies:my_policies") + Q)
    body = r.content.decode()
    assert r.status_code == 200
    assert "专精特新中小企业认定（量化条件预审）" in body
    client.force_login(cast.other_org_admin)
    body = client.get(reverse("policies:my_policies") + Q).content.decode()
    assert "2025年研发费用从 80万元 提高到 100万元" in body


def test_my_policies_needs_membership(client, cast, measures):
    assert client.get(reverse("policies:my_policies")).status_code == 302
    assert get(client, cast.norole, reverse("policies:my_policies")).status_code == 404


def test_one_click_claim_prefills_and_submits(client, cast, srdi):
    client.force_login(cast.org_admin)
    r = client.post(
        reverse("policies:claim_start", args=[srdi.pk]), {"org": cast.org.pk, "on": ON.isoformat()}
    )
    claim = Claim.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("policies:claim_detail", args=[claim.pk])
    body = client.get(r["Location"]).content.decode()
    assert "2025年研发费用 320万元，要求 ≥ 100万元" in body
    client.post(reverse("policies:claim_submit", args=[claim.pk]), {"note": "请审核"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 200),
        ("officer", 200),
    ],
)
def test_claim_detail_matrix(client, cast, srdi, who, expected):
    claim = services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    r = get(client, getattr(cast, who) if who else None, reverse("policies:claim_detail", args=[claim.pk]))
    assert r.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("norole", 404), ("org_admin", 404), ("officer", 200), ("admin", 200)]
)
def test_officer_pages_matrix(client, cast, srdi, who, expected):
    user = getattr(cast, who) if who else None
    for name in ("qualified", "what_if", "qualified_export"):
        r = get(client, user, reverse(f"policies:{name}", args=[srdi.pk]) + Q)
        assert r.status_code == expected, name
    if who is not None:
        assert get(client, user, reverse("policies:review_queue")).status_code == expected


def test_qualified_page_counts_only_the_officers_region(client, cast, srdi):
    body = get(client, cast.officer, reverse("policies:qualified", args=[srdi.pk]) + Q).content.decode()
    assert cast.org.name in body and cast.other_org.name not in body
    body = get(client, cast.other_officer, reverse("policies:qualified", args=[srdi.pk]) + Q).content.decode()
    assert cast.org.name not in body
    assert 'id="qualified-total">0<' in body


def test_excel_export(client, cast, srdi):
    import io

    from openpyxl import load_workbook

    r = get(client, cast.officer, reverse("policies:qualified_export", args=[srdi.pk]) + Q)
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb.active.values)
    assert rows[0][:2] == ("统一社会信用代码", "名称")
    assert [row[1] for row in rows[1:]] == [cast.org.name]


def test_what_if_page(client, cast, srdi):
    idx = next(t.index for t in selectors.measure_thresholds(measure=srdi, on=ON) if "100万元" in t.label)
    body = get(
        client, cast.officer, reverse("policies:what_if", args=[srdi.pk]) + Q + f"&t{idx}=800000"
    ).content.decode()
    assert "+1 / −0" in body
    body = client.get(reverse("policies:what_if", args=[srdi.pk]) + Q + f"&t{idx}=abc").content.decode()
    assert "的新值应当是数字。" in body


def test_push_and_review_pages(client, cast, srdi):
    client.force_login(cast.officer)
    r = client.post(reverse("policies:push", args=[srdi.pk]), {"on": ON.isoformat()})
    assert r.status_code == 302
    claim = services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    services.claim_submit(claim=claim, actor=cast.org_admin)
    assert claim.organization.name in client.get(reverse("policies:review_queue")).content.decode()
    client.post(
        reverse("policies:claim_review", args=[claim.pk]), {"decision": "approve", "amount_approved": "50000"}
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.amount_approved == Decimal(50000)
    client.post(
        reverse("policies:claim_disburse", args=[claim.pk]), {"amount": "50000", "paid_on": ON.isoformat()}
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISBURSED


def test_enterprise_cannot_review(client, cast, srdi):
    claim = services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    services.claim_submit(claim=claim, actor=cast.org_admin)
    client.force_login(cast.org_admin)
    client.post(reverse("policies:claim_review", args=[claim.pk]), {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_figures_edit(client, cast, measures):
    client.force_login(cast.org_admin)
    url = reverse("policies:figures_edit", args=[cast.org.pk, 2025])
    r = client.post(url, {"tech_staff": "x"})
    assert "“科技人员（人）”应当是数字。" in r.content.decode()
    assert client.post(url, {"tech_staff": "30"}).status_code == 302
    client.force_login(cast.other_org_admin)
    assert client.get(url).status_code == 404
