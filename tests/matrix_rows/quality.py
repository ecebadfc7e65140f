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
from kechuang.quality.models import Complaint, CreditEvent, Patent, Standard, Trademark
from tests.matrix import LOGIN, SIGNED_IN, Row, department, officers_of_region, only_own

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
