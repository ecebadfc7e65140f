"""Quality: an organization's registers (its members see them, its admins and the officers of its region
subtree keep them), its credit (officers of the region record it), complaints (the lodger; officers of the
region for unassigned ones; the assigned department whatever region it serves) —
kechuang/quality/permissions.py."""

from __future__ import annotations

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kechuang.quality.cnipa import check_digit
from kechuang.quality.models import Complaint, CreditEvent, Patent, PatentDeal, Product, Standard, Trademark
from kechuang.quality.models import Event as QualityEvent
from tests.matrix import (
    LOGIN,
    PUBLIC,
    SIGNED_IN,
    Row,
    any_officer,
    department,
    officers_of_region,
    only_own,
)

_serial = itertools.count(1)


def _number() -> str:
    body = f"20241{next(_serial):07d}"
    return f"{body}.{check_digit(body)}"


def _org(w):  # type: ignore[no-untyped-def]
    return {"pk": w.cast.org.pk}


def _pk(attr: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


def _patent(w):  # type: ignore[no-untyped-def]
    return {
        "application_no": _number(),
        "kind": "invention",
        "title": "一种光电探测器",
        "applied_on": "2024-01-10",
        "status": "pending",
    }


def _workbook(w):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(["申请号", "专利类型", "专利名称", "申请日", "法律状态"])
    ws.append([_number(), "发明", "一种导入的装置", "2024-02-01", "申请中"])
    out = io.BytesIO()
    wb.save(out)
    return {"file": SimpleUploadedFile("patents.xlsx", out.getvalue())}


def _status(attr: str, status: str):  # type: ignore[no-untyped-def]
    return lambda w: Complaint.objects.get(pk=getattr(w, attr).pk).status == status


REGION = frozenset({"other_department", "own"})

ROWS = [
    Row(
        "quality:my_ip", only_own(302, other_org=302), why="a member is sent to their own organization's page"
    ),
    Row("quality:organization_ip", officers_of_region(), kwargs=_org),
    Row(
        "quality:patent_add",
        officers_of_region(302),
        kwargs=_org,
        method="POST",
        data=_patent,
        effect=lambda w: Patent.objects.filter(organization=w.cast.org, title="一种光电探测器").exists(),
        writers=REGION,
    ),
    Row(
        "quality:patent_import",
        officers_of_region(302),
        kwargs=_org,
        method="POST",
        data=_workbook,
        effect=lambda w: Patent.objects.filter(organization=w.cast.org, title="一种导入的装置").exists(),
        writers=REGION,
    ),
    Row(
        "quality:trademark_add",
        officers_of_region(302),
        kwargs=_org,
        method="POST",
        data=lambda w: {
            "registration_no": str(70000000 + next(_serial)),
            "name": "光华",
            "nice_class": 9,
            "fame": "none",
        },
        effect=lambda w: Trademark.objects.filter(organization=w.cast.org).exists(),
        writers=REGION,
    ),
    Row(
        "quality:standard_add",
        officers_of_region(302),
        kwargs=_org,
        method="POST",
        data=lambda w: {
            "number": f"Q/GH {next(_serial)}-2024",
            "title": "光电探测器通用规范",
            "level": "enterprise",
            "role": "lead",
            "issued_on": "2024-05-01",
        },
        effect=lambda w: Standard.objects.filter(organization=w.cast.org).exists(),
        writers=REGION,
    ),
    Row(
        "quality:credit_event_add",
        officers_of_region(302),
        own="officer",
        kwargs=_org,
        method="POST",
        data=lambda w: {"kind": "inspection_failed", "occurred_on": "2025-06-01", "source": "市场监管局抽检"},
        effect=lambda w: CreditEvent.objects.filter(organization=w.cast.org).exists(),
        writers=REGION,
        why="credit is recorded by officers of the organization's region subtree, not by the organization",
    ),
    Row("quality:complaint_list", SIGNED_IN),
    Row("quality:complaint_new", SIGNED_IN),
    Row(
        "quality:complaint_new",
        (LOGIN, 302, 302, 302, 302, 302),
        method="POST",
        data=lambda w: {"subject": "假冒商标", "body": "市场上发现假冒产品。", "region": "220102"},
        effect=lambda w: Complaint.objects.filter(subject="假冒商标", lodged_by=w.cast.org_admin).exists(),
        case="lodge",
        why="anyone signed in may lodge; the effect checks the row's owner's own complaint",
    ),
    Row(
        "quality:complaint_detail",
        officers_of_region(),
        kwargs=_pk("complaint"),
        why="unassigned: the lodger and any officer of its region subtree (to route it)",
    ),
    Row(
        "quality:complaint_detail",
        department(),
        kwargs=_pk("assigned_complaint"),
        case="assigned",
        why="assigned: the lodger and the officers of the assigned department, whatever region they serve",
    ),
    Row(
        "quality:complaint_assign",
        officers_of_region(302),
        own="officer",
        kwargs=_pk("complaint"),
        method="POST",
        data=lambda w: {"department": w.science.pk, "version": 1},
        effect=_status("complaint", "assigned"),
        writers=REGION,
        why="any officer of the region subtree routes it; the officer then finds it already assigned",
    ),
    Row(
        "quality:complaint_answer",
        department(302),
        own="officer",
        kwargs=_pk("assigned_complaint"),
        method="POST",
        data=lambda w: {"answer": "已核查处理。", "version": 1},
        effect=_status("assigned_complaint", "answered"),
        writers=frozenset({"other_region", "own"}),
    ),
    Row(
        "quality:complaint_close",
        only_own(302, other_region=302),
        kwargs=_pk("answered_complaint"),
        method="POST",
        data=lambda w: {"version": 1},
        effect=_status("answered_complaint", "closed"),
        why="the assigned department sees it and is refused with a message; only the lodger closes",
    ),
    # API
    Row("quality-patents", officers_of_region(), kwargs=_org),
    Row(
        "quality-patents",
        officers_of_region(201),
        kwargs=_org,
        method="POST",
        data=_patent,
        effect=lambda w: Patent.objects.filter(organization=w.cast.org).exists(),
        writers=REGION,
    ),
    Row("quality-credit", officers_of_region(), kwargs=_org),
    Row("quality-complaints", SIGNED_IN),
    Row(
        "quality-complaints",
        (LOGIN, 201, 201, 201, 201, 201),
        method="POST",
        data=lambda w: {"subject": "计量不准", "body": "加油站计量不准。", "region": "220102"},
    ),
    Row(
        "quality-complaint-transition",
        only_own(200, other_region=400),
        kwargs=_pk("answered_complaint"),
        method="POST",
        data=lambda w: {"to": "closed", "version": 1},
        effect=_status("answered_complaint", "closed"),
        why="the assigned department sees it and is refused (400); only the lodger closes",
    ),
]


def _trademarks(w):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(["注册号", "商标名称", "国际分类"])
    ws.append([str(71000000 + next(_serial)), "导入商标", 9])
    out = io.BytesIO()
    wb.save(out)
    return {"file": SimpleUploadedFile("trademarks.xlsx", out.getvalue())}


def _event(w):  # type: ignore[no-untyped-def]
    return {
        "kind": "ip_week",
        "title": "宣传周进园区",
        "organiser": w.cast.org.pk,
        "held_on": "2025-04-26",
        "place": "长春高新区",
        "participants": 120,
    }


OFFICERS = frozenset({"other_region", "other_department", "own"})

ROWS += [
    Row(
        "quality:trademark_import",
        officers_of_region(302),
        kwargs=_org,
        method="POST",
        data=_trademarks,
        effect=lambda w: Trademark.objects.filter(organization=w.cast.org, name="导入商标").exists(),
        writers=REGION,
    ),
    Row(
        "quality:product_add",
        officers_of_region(302),
        kwargs=_org,
        method="POST",
        data=lambda w: {"name": "光电探测器", "standards": "GB/T 1234-2020"},
        effect=lambda w: Product.objects.filter(organization=w.cast.org).exists(),
        writers=REGION,
    ),
    Row(
        "quality:patent_status",
        officers_of_region(302),
        kwargs=_pk("patent"),
        method="POST",
        data=lambda w: {"status": "lapsed", "lapsed_on": "2025-03-01"},
        effect=lambda w: Patent.objects.get(pk=w.patent.pk).status == "lapsed",
        writers=REGION,
    ),
    Row(
        "quality:patent_deal_add",
        officers_of_region(302),
        kwargs=_pk("patent"),
        method="POST",
        data=lambda w: {
            "kind": "licence",
            "counterparty": "某公司",
            "licence_scope": "ordinary",
            "signed_on": "2025-05-01",
        },
        effect=lambda w: PatentDeal.objects.filter(patent=w.patent).exists(),
        writers=REGION,
    ),
    Row(
        "quality:trademark_fame",
        officers_of_region(302),
        kwargs=_pk("trademark"),
        method="POST",
        data=lambda w: {"fame": "famous", "since": "2025-01-01", "valid_until": "2027-12-31"},
        effect=lambda w: Trademark.objects.get(pk=w.trademark.pk).fame == "famous",
        writers=REGION,
    ),
    Row("quality:event_list", SIGNED_IN, why="events are public records; anyone signed in sees them"),
    Row(
        "quality:event_new",
        only_own(200, other_org=200),
        why="admins of an organization record its events (officers through their department's entry)",
    ),
    Row(
        "quality:event_new",
        only_own(302, other_org=200),
        method="POST",
        data=_event,
        effect=lambda w: QualityEvent.objects.filter(title="宣传周进园区").exists(),
        why="another organization's admin may not name org as organiser (the form refuses the choice)",
    ),
    Row("quality:event_detail", SIGNED_IN, kwargs=_pk("ip_event")),
    Row(
        "quality:event_detail",
        officers_of_region(302),
        kwargs=_pk("ip_event"),
        method="POST",
        data=lambda w: {**_event(w), "participants": 321},
        effect=lambda w: QualityEvent.objects.get(pk=w.ip_event.pk).participants == 321,
        writers=REGION,
        why="the organiser's admins and the officers of the event's region subtree correct it",
    ),
    Row("quality:coverage", any_officer(), own="officer"),
    Row("quality:complaint_statistics", any_officer(), own="officer"),
    Row("quality:complaint_statistics_export", any_officer(), own="officer"),
    Row("quality:verify", PUBLIC, query="no=1234567", why="public verification of awards and brands"),
    # API
    Row("quality-trademarks", officers_of_region(), kwargs=_org),
    Row(
        "quality-trademarks",
        officers_of_region(201),
        kwargs=_org,
        method="POST",
        data=lambda w: {"registration_no": str(72000000 + next(_serial)), "name": "光华", "nice_class": 9},
        effect=lambda w: Trademark.objects.filter(organization=w.cast.org, name="光华").exists(),
        writers=REGION,
    ),
    Row("quality-products", officers_of_region(), kwargs=_org),
    Row(
        "quality-products",
        officers_of_region(201),
        kwargs=_org,
        method="POST",
        data=lambda w: {"name": "激光模组", "standards": [{"number": "Q/22QM 001-2024"}]},
        effect=lambda w: Product.objects.filter(organization=w.cast.org, name="激光模组").exists(),
        writers=REGION,
    ),
    Row(
        "quality-patent-deals",
        officers_of_region(201),
        kwargs=_pk("patent"),
        method="POST",
        data=lambda w: {
            "kind": "licence",
            "counterparty": "某公司",
            "licence_scope": "sole",
            "signed_on": "2025-05-01",
        },
        effect=lambda w: PatentDeal.objects.filter(patent=w.patent).exists(),
        writers=REGION,
    ),
    Row("quality-events", SIGNED_IN),
    Row(
        "quality-events",
        only_own(201, norole=400, other_org=400, other_region=400, other_department=201),
        method="POST",
        data=_event,
        effect=lambda w: QualityEvent.objects.filter(title="宣传周进园区").exists(),
        writers=frozenset({"other_department", "own"}),
        why="the organiser's admins and officers of its region record its events; others are refused",
    ),
    Row(
        "quality-complaint-statistics",
        SIGNED_IN,
        why="each sees the figures of their own scope (none without a role)",
    ),
]

ROWS += [
    Row(
        "quality:figures_update",
        officers_of_region(302),
        kwargs=_org,
        method="POST",
        data=lambda w: {"year": "2025"},
        effect=lambda w: w.cast.org.statistics.filter(year=2025, patent_applications__isnull=False).exists(),
        writers=REGION,
        why="the register's counts go into the yearly figures: its admins and the region's officers",
    ),
]
