"""Carriers and alliances: public to read; a carrier changes by officers of its region subtree and of its
responsible department, an alliance by officers of its region subtree (kechuang/carriers/permissions.py)."""

from __future__ import annotations

import itertools

from kechuang.carriers.models import Alliance, AllianceProject, Carrier
from tests import factories as f
from tests.matrix import LOGIN, PUBLIC, Row, any_officer, officers_of_region, only_own

_n = itertools.count(1)


def _new_alliance(w):  # type: ignore[no-untyped-def]
    return {
        "name": f"矩阵测试联盟{next(_n)}",
        "lead": w.cast.other_org.uscc,
        "region": "220102",
        "tier": "municipal",
    }


def _new_member(w):  # type: ignore[no-untyped-def]
    return {"organization": f.OrganizationFactory(name=f"矩阵成员单位{next(_n)}").uscc}


def _new_carrier(w):  # type: ignore[no-untyped-def]
    return {
        "name": f"矩阵测试企业技术中心{next(_n)}",
        "kind": "enterprise_tech_center",
        "tier": "national",
        "region": "220102",
        "lead": w.cast.org.uscc,
        "recognised_on": "2015-06-30",
    }


def _carrier_correction(w):  # type: ignore[no-untyped-def]
    return {
        "name": w.carrier.name,
        "kind": w.carrier.kind,
        "tier": "provincial",
        "region": "220102",
        "lead": w.cast.org.uscc,
        "responsible_department": w.science.name,
        "reason": "级别录入有误",
    }


def _project(w):  # type: ignore[no-untyped-def]
    project, _created = AllianceProject.objects.get_or_create(
        alliance=w.alliance, title="光电芯片联合攻关（矩阵）"
    )
    return project


def _pk(attr: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


ROWS = [
    Row("carriers:carrier_list", PUBLIC),
    Row("carriers:carrier_detail", PUBLIC, kwargs=_pk("carrier")),
    Row("carriers:alliance_list", PUBLIC),
    Row("carriers:alliance_detail", PUBLIC, kwargs=_pk("alliance")),
    Row(
        "carriers:carrier_status",
        only_own(302),
        own="officer",
        kwargs=_pk("carrier"),
        method="POST",
        data=lambda w: {"to": "warned", "note": "运行不规范", "version": w.carrier.version},
        effect=lambda w: type(w.carrier).objects.get(pk=w.carrier.pk).status == "warned",
    ),
    Row(
        "carriers:carrier_host_add",
        only_own(302),
        own="officer",
        kwargs=_pk("carrier"),
        method="POST",
        data=lambda w: {"uscc": w.cast.other_org.uscc, "role": "joint"},
        effect=lambda w: w.carrier.host_links.filter(organization=w.cast.other_org).exists(),
    ),
    Row(
        "carriers:carrier_merge",
        only_own(302),
        own="officer",
        kwargs=_pk("carrier"),
        method="POST",
        data=lambda w: {"into": w.other_carrier.pk, "note": "整合"},
        effect=lambda w: type(w.carrier).objects.get(pk=w.carrier.pk).status == "merged",
    ),
    Row(
        "carriers:alliance_member_add",
        officers_of_region(302),
        own="officer",
        kwargs=_pk("alliance"),
        method="POST",
        data=lambda w: {"uscc": w.cast.other_org.uscc, "role": "member"},
        effect=lambda w: w.alliance.memberships.filter(organization=w.cast.other_org).exists(),
        writers=frozenset({"other_department", "own"}),
        why="an alliance has no responsible department: any officer of its region subtree",
    ),
    Row(
        "carriers:alliance_project_add",
        officers_of_region(302),
        own="officer",
        kwargs=_pk("alliance"),
        method="POST",
        data=lambda w: {"title": "光电芯片联合攻关", "participants": ""},
        effect=lambda w: AllianceProject.objects.filter(alliance=w.alliance).exists(),
        writers=frozenset({"other_department", "own"}),
        why="an alliance has no responsible department: any officer of its region subtree",
    ),
    # workstations: public counts; residents (personal records) for the lead host's admins and the
    # carrier's officers only (kechuang/carriers/permissions.py, resident_rule)
    Row("carriers:workstation_list", PUBLIC),
    Row("carriers:residents", only_own(200), kwargs=_pk("workstation"), why="the lead host's admin"),
    Row(
        "carriers:residents",
        only_own(302),
        kwargs=_pk("workstation"),
        method="POST",
        data=lambda w: {
            "name": "王晓东",
            "identifier": "BSH202500456",
            "title": "博士后研究人员",
            "home_institution": "吉林大学",
            "field": "汽车电子",
            "project": "车规级功率模块热管理",
            "started_on": "2025-09-01",
        },
        effect=lambda w: w.workstation.residents.filter(identifier="BSH202500456").exists(),
        why="the lead host's admin records an entry",
    ),
    Row(
        "carriers:resident_exit",
        only_own(302),
        kwargs=_pk("resident"),
        method="POST",
        data=lambda w: {"ended_on": "2026-09-01", "note": "完成出站报告"},
        effect=lambda w: type(w.resident).objects.get(pk=w.resident.pk).status == "left",
        why="the lead host's admin records an exit",
    ),
    # API: public reads (recognitions were publicised).
    Row("carriers-list", PUBLIC),
    Row("carriers-detail", PUBLIC, kwargs=_pk("carrier")),
    Row("carriers-ladder", PUBLIC, kwargs=lambda w: {"pk": w.carrier.host_links.get().organization_id}),
    # founding and keeping alliances: officers of the alliance's region subtree, any department
    Row(
        "carriers:alliance_new",
        (LOGIN, 404, 404, 200, 302, 302),
        own="officer",
        method="POST",
        data=_new_alliance,
        effect=lambda w: Alliance.objects.filter(name__startswith="矩阵测试联盟").exists(),
        writers=frozenset({"other_department", "own"}),
        why="the district officer of 朝阳区 may not found one in 南关区 (the form says so)",
    ),
    Row("carriers:alliance_edit", officers_of_region(200), own="officer", kwargs=_pk("alliance")),
    Row("carriers:alliance_evaluate", officers_of_region(200), own="officer", kwargs=_pk("alliance")),
    Row(
        "carriers:alliance_project_status",
        officers_of_region(302),
        own="officer",
        kwargs=lambda w: {"pk": _project(w).pk},
        method="POST",
        data=lambda w: {"to": "ongoing"},
        effect=lambda w: _project(w).status == "ongoing",
        writers=frozenset({"other_department", "own"}),
        why="any officer of the alliance's region subtree; a second start is refused with a message (302)",
    ),
    Row(
        "carriers:alliance_evaluate",
        officers_of_region(302),
        own="officer",
        kwargs=_pk("alliance"),
        method="POST",
        data=lambda w: {
            "year": str(2000 + next(_n) % 25),
            "score_organisation": "15",
            "score_joint_research": "20",
            "score_results": "20",
            "score_standards": "10",
        },
        effect=lambda w: w.alliance.evaluations.exists(),
        writers=frozenset({"other_department", "own"}),
        why="any officer of its region subtree (an alliance has no responsible department)",
    ),
    Row(
        "carriers:alliance_status",
        officers_of_region(302),
        own="officer",
        kwargs=_pk("alliance"),
        method="POST",
        data=lambda w: {"active": "0"},
        effect=lambda w: not Alliance.objects.get(pk=w.alliance.pk).is_active,
        writers=frozenset({"other_department", "own"}),
    ),
    Row("carriers-alliances", PUBLIC),
    Row(
        "carriers-alliances",
        (LOGIN, 404, 404, 400, 201, 201),
        own="officer",
        method="POST",
        data=_new_alliance,
        effect=lambda w: Alliance.objects.filter(name__startswith="矩阵测试联盟").exists(),
        writers=frozenset({"other_department", "own"}),
    ),
    Row("carriers-alliance-detail", PUBLIC, kwargs=_pk("alliance")),
    Row("carriers-alliance-evaluations", PUBLIC, kwargs=_pk("alliance")),
    Row(
        "carriers-alliance-evaluations",
        officers_of_region(201),
        own="officer",
        kwargs=_pk("alliance"),
        method="POST",
        data=lambda w: {
            "year": 2000 + next(_n) % 25,
            "scores": {"organisation": 15, "joint_research": 20, "results": 20, "standards": 10},
        },
        effect=lambda w: w.alliance.evaluations.exists(),
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "carriers-alliance-detail",
        officers_of_region(200),
        own="officer",
        kwargs=_pk("alliance"),
        method="PATCH",
        data=lambda w: {"chain": "光电芯片—模组—整机"},
        effect=lambda w: Alliance.objects.get(pk=w.alliance.pk).chain == "光电芯片—模组—整机",
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "carriers-alliance-members",
        officers_of_region(201),
        own="officer",
        kwargs=_pk("alliance"),
        method="POST",
        data=_new_member,
        effect=lambda w: w.alliance.memberships.filter(
            organization__name__startswith="矩阵成员单位"
        ).exists(),
        writers=frozenset({"other_department", "own"}),
    ),
    # existing carriers entered and corrected by officers (services_records)
    Row("carriers:carrier_new", any_officer(200), own="officer"),
    Row(
        "carriers:carrier_new",
        (LOGIN, 404, 404, 400, 302, 302),
        own="officer",
        method="POST",
        data=_new_carrier,
        effect=lambda w: Carrier.objects.filter(name__startswith="矩阵测试企业技术中心").exists(),
        writers=frozenset({"other_department", "own"}),
        why="no responsible department given: any officer whose region holds it; 朝阳区's is refused beside the field",
    ),
    Row("carriers:carrier_import", any_officer(200), own="officer"),
    Row("carriers:carrier_edit", only_own(200), own="officer", kwargs=_pk("carrier")),
    Row(
        "carriers:carrier_edit",
        only_own(302),
        own="officer",
        kwargs=_pk("carrier"),
        method="POST",
        data=_carrier_correction,
        effect=lambda w: Carrier.objects.get(pk=w.carrier.pk).tier == "provincial",
    ),
    Row(
        "carriers-list",
        (LOGIN, 404, 404, 400, 201, 201),
        own="officer",
        method="POST",
        data=_new_carrier,
        effect=lambda w: Carrier.objects.filter(name__startswith="矩阵测试企业技术中心").exists(),
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "carriers-detail",
        only_own(200),
        own="officer",
        kwargs=_pk("carrier"),
        method="PATCH",
        data=lambda w: {"certificate_no": "更正-001", "reason": "证书编号录入有误"},
        effect=lambda w: Carrier.objects.get(pk=w.carrier.pk).certificate_no == "更正-001",
    ),
]
