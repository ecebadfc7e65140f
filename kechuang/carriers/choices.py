"""Choices for innovation carriers (创新载体) and alliances (产业技术创新联盟)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CarrierKind(models.TextChoices):
    """Every kind of carrier DESIGN.md lists (capability 2), traced to seeds 000-003."""

    ENTERPRISE_TECH_CENTER = "enterprise_tech_center", _("企业技术中心")
    ENGINEERING_RESEARCH_CENTER = "engineering_research_center", _("工程研究中心")
    ENGINEERING_LAB = "engineering_lab", _("工程实验室")
    KEY_LAB = "key_lab", _("重点实验室")
    PILOT_TEST_CENTER = "pilot_test_center", _("中试中心")
    INDUSTRY_PUBLIC_RD_CENTER = "industry_public_rd_center", _("产业公共技术研发中心")
    TECH_TRANSFER_AGENCY = "tech_transfer_agency", _("技术转移机构")
    INCUBATOR = "incubator", _("科技企业孵化器")
    UNIVERSITY_SCIENCE_PARK = "university_science_park", _("大学科技园")
    PRODUCTIVITY_PROMOTION_CENTER = "productivity_promotion_center", _("生产力促进中心")
    POSTDOC_WORKSTATION = "postdoc_workstation", _("博士后工作站")
    GRADUATE_WORKSTATION = "graduate_workstation", _("研究生工作站")
    ACADEMICIAN_WORKSTATION = "academician_workstation", _("院士工作站")
    QUALITY_INSPECTION_CENTER = "quality_inspection_center", _("质量检验检测中心")
    METROLOGY_CENTER = "metrology_center", _("计量测试中心")


# Carriers whose researchers are resident for a term (进站/出站): seed 001's 博士后工作站、研究生工作站, and the
# 院士工作站 where academicians and their teams work with the host enterprise.
WORKSTATION_KINDS: frozenset[str] = frozenset(
    {
        CarrierKind.POSTDOC_WORKSTATION,
        CarrierKind.GRADUATE_WORKSTATION,
        CarrierKind.ACADEMICIAN_WORKSTATION,
    }
)


class Tier(models.TextChoices):
    """Level of the recognising authority; ordered from the bottom of the ladder to the top."""

    COUNTY = "county", _("县级")
    MUNICIPAL = "municipal", _("市级")
    PROVINCIAL = "provincial", _("省级")
    NATIONAL = "national", _("国家级")


TIER_ORDER: dict[str, int] = {Tier.COUNTY: 0, Tier.MUNICIPAL: 1, Tier.PROVINCIAL: 2, Tier.NATIONAL: 3}


class HostRole(models.TextChoices):
    """How an organization takes part in a carrier (seed 002: 主建、联建、共建)."""

    LEAD = "lead", _("主建")
    JOINT = "joint", _("联建")
    CO_BUILT = "co_built", _("共建")


class CarrierStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    WARNED = "warned", _("警告")
    REVOKED = "revoked", _("已撤销")
    MERGED = "merged", _("已合并")


CARRIER_TRANSITIONS: dict[str, frozenset[str]] = {
    CarrierStatus.ACTIVE: frozenset({CarrierStatus.WARNED, CarrierStatus.REVOKED, CarrierStatus.MERGED}),
    CarrierStatus.WARNED: frozenset({CarrierStatus.ACTIVE, CarrierStatus.REVOKED, CarrierStatus.MERGED}),
    CarrierStatus.REVOKED: frozenset(),
    CarrierStatus.MERGED: frozenset(),
}

CARRIER_TERMINAL: frozenset[str] = frozenset({CarrierStatus.REVOKED, CarrierStatus.MERGED})
# In force (active or warned): counts for the enterprise ladder, may gain hosts and absorb a merged carrier.
CARRIER_IN_FORCE: frozenset[str] = frozenset({CarrierStatus.ACTIVE, CarrierStatus.WARNED})


class AllianceRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    VICE_CHAIR = "vice_chair", _("副理事长单位")
    MEMBER = "member", _("成员单位")


class ChainPosition(models.TextChoices):
    """Where a member sits in the industry chain (产业链)."""

    UPSTREAM = "upstream", _("上游")
    MIDSTREAM = "midstream", _("中游")
    DOWNSTREAM = "downstream", _("下游")
    SUPPORT = "support", _("支撑服务")


class EvaluationGrade(models.TextChoices):
    """The grade of an alliance's yearly evaluation, from its total score (see ``EVALUATION_GRADES``)."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


# (key, label, most points): what a yearly evaluation scores, 100 points in all.
EVALUATION_CRITERIA: tuple[tuple[str, str, int], ...] = (
    ("organisation", _("组织运行与制度建设"), 20),
    ("joint_research", _("联合攻关与项目实施"), 30),
    ("results", _("成果转化与产业化"), 30),
    ("standards", _("标准、专利与人才培养"), 20),
)
# the lowest total of each grade, best first
EVALUATION_GRADES: tuple[tuple[int, str], ...] = (
    (85, EvaluationGrade.EXCELLENT),
    (70, EvaluationGrade.GOOD),
    (60, EvaluationGrade.PASS),
    (0, EvaluationGrade.FAIL),
)


class ProjectStatus(models.TextChoices):
    """A joint project of an alliance (联合攻关): set up, carried out, closed with its results or stopped."""

    PROPOSED = "proposed", _("已立项")
    ONGOING = "ongoing", _("实施中")
    COMPLETED = "completed", _("已结题")
    TERMINATED = "terminated", _("已终止")


PROJECT_TRANSITIONS: dict[str, frozenset[str]] = {
    ProjectStatus.PROPOSED: frozenset({ProjectStatus.ONGOING, ProjectStatus.TERMINATED}),
    ProjectStatus.ONGOING: frozenset({ProjectStatus.COMPLETED, ProjectStatus.TERMINATED}),
    ProjectStatus.COMPLETED: frozenset(),
    ProjectStatus.TERMINATED: frozenset(),
}
PROJECT_TERMINAL: frozenset[str] = frozenset({ProjectStatus.COMPLETED, ProjectStatus.TERMINATED})


class ResidentStatus(models.TextChoices):
    """A researcher's term at a workstation: entered (在站) until the exit is recorded (出站)."""

    IN_STATION = "in_station", _("在站")
    LEFT = "left", _("出站")


RESIDENT_TRANSITIONS: dict[str, frozenset[str]] = {
    ResidentStatus.IN_STATION: frozenset({ResidentStatus.LEFT}),
    ResidentStatus.LEFT: frozenset(),
}
RESIDENT_TERMINAL: frozenset[str] = frozenset({ResidentStatus.LEFT})
