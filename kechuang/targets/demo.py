"""Demo data: seed 002's plan with its 2020 goals and responsibility annex, and seed 001's annual plan,
loaded from the documents' text by ``seedparse``; indicators are computed from the registry wherever the
platform holds the data (the metric definitions below), otherwise reported by the responsible unit.

Seed 001's city is starred out in the source ("建设创新型*"); its text names 广东省科技大会, 粤西四市,
五金刀剪 and 春砂仁, which place it in 阳江市 (441700) — the demo uses that region and says so.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from kechuang.registry.choices import DepartmentKind
from kechuang.registry.models import Department, OfficerAssignment, Region
from kechuang.targets import services
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.choices import PLAN_KIND_BY_LABEL, Direction
from kechuang.targets.compute import RegionRef, compute_many
from kechuang.targets.metrics import parse
from kechuang.targets.models import Plan, ValueSnapshot
from kechuang.targets.seedparse import SEED_001, SEED_002, SEED_DIR, ParsedPlan, load_seed
from kechuang.targets.selectors import indicator_values

DEMO_PASSWORD = "Kechuang-2026"

# Which department kind a unit named in a document is (by the words of its name).
UNIT_KINDS = (
    ("工业信息化", DepartmentKind.INDUSTRY_IT),
    ("工业和信息化", DepartmentKind.INDUSTRY_IT),
    ("发展改革", DepartmentKind.DEVELOPMENT_REFORM),
    ("发展和改革", DepartmentKind.DEVELOPMENT_REFORM),
    ("科技", DepartmentKind.SCIENCE),
    ("科学技术", DepartmentKind.SCIENCE),
    ("质监", DepartmentKind.QUALITY),
    ("质量技术监督", DepartmentKind.QUALITY),
    ("工商", DepartmentKind.COMMERCE_INDUSTRY),
)
PROVINCE_NAMES: dict[str, str] = {
    DepartmentKind.SCIENCE: "科学技术厅",
    DepartmentKind.INDUSTRY_IT: "工业和信息化厅",
    DepartmentKind.DEVELOPMENT_REFORM: "发展和改革委员会",
    DepartmentKind.QUALITY: "质量技术监督局",
    DepartmentKind.COMMERCE_INDUSTRY: "工商行政管理局",
}
CITY_NAMES: dict[str, str] = {DepartmentKind.SCIENCE: "科学技术局"}

ENTERPRISE = {"organization_kind": "enterprise"}

# Indicator name (as parsed from the text) → how the platform computes it. Carrier-based definitions are
# used only when the carriers app is installed with its models (the catalogue then knows "carrier").
METRICS_002: dict[str, dict[str, Any]] = {
    "新产品产值率": {
        "op": "ratio",
        "numerator": {
            "op": "sum",
            "model": "yearly_statistics",
            "field": "new_product_output",
            "where": ENTERPRISE,
        },
        "denominator": {
            "op": "sum",
            "model": "yearly_statistics",
            "field": "total_output",
            "where": ENTERPRISE,
        },
        "scale": 100,
    },
    "企业有效发明专利拥有数": {
        "op": "sum",
        "model": "yearly_statistics",
        "field": "valid_invention_patents",
        "where": ENTERPRISE,
    },
    # 名牌产品: counted as enterprises holding a current 名牌产品 recognition (one product each at least).
    "吉林省名牌产品": {"op": "count", "model": "designation", "where": {"kind": "famous_brand"}},
    "重点实验室": {"op": "count", "model": "carrier", "where": {"kind": "key_lab"}},
    "工程研究中心和工程实验室": {
        "op": "count",
        "model": "carrier",
        "where": {"kind__in": ["engineering_research_center", "engineering_lab"]},
    },
    "省级以上企业技术中心": {
        "op": "count",
        "model": "carrier",
        "where": {"kind": "enterprise_tech_center", "tier__in": ["provincial", "national"]},
    },
    "产业技术创新联盟": {"op": "count", "model": "alliance"},
    "产业公共技术研发中心": {
        "op": "count",
        "model": "carrier",
        "where": {"kind": "industry_public_rd_center"},
    },
    "中试中心": {"op": "count", "model": "carrier", "where": {"kind": "pilot_test_center"}},
    "省级以上技术转移示范机构": {
        "op": "count",
        "model": "carrier",
        "where": {"kind": "tech_transfer_agency", "tier__in": ["provincial", "national"]},
    },
}
METRICS_001: dict[str, dict[str, Any]] = {
    "国家级高新技术企业": {"op": "count", "model": "designation_granted", "where": {"kind": "high_tech"}},
    "省级知识产权优势企业": {
        "op": "count",
        "model": "designation_granted",
        "where": {"kind": "ip_advantage"},
    },
    "省级知识产权示范企业": {
        "op": "count",
        "model": "designation_granted",
        "where": {"kind": "ip_demonstration"},
    },
    "省级工程中心": {
        "op": "count",
        "model": "carrier",
        "where": {"kind": "engineering_research_center", "tier": "provincial"},
    },
    "市级工程中心": {
        "op": "count",
        "model": "carrier",
        "where": {"kind": "engineering_research_center", "tier": "municipal"},
    },
}
SEED_001_REGION = "441700"  # 阳江市, see the module docstring


def split_target(total: int, weights: list[Decimal]) -> list[int]:
    """Split an integer target in proportion to weights; largest remainders keep the sum exact."""
    whole = sum(weights)
    raw = [Decimal(total) * w / whole for w in weights]
    shares = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - shares[i], reverse=True)
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def allocate_by_share(*, actor: Any, indicator: Any, parent: Region, on: dt.date, note: str) -> None:
    """Break an indicator's target down to ``parent``'s child regions in proportion to their values on ``on``
    (equal shares when the registry holds nothing then); largest remainders keep the sum exact."""
    children = list(Region.objects.filter(parent=parent).order_by("code"))
    if not children:
        return
    values = indicator_values(indicators=[indicator], regions=children, on=on)
    weights = [
        v if isinstance(v, Decimal) else Decimal(0)
        for v in (values[(indicator.pk, c.code)] for c in children)
    ]
    if not sum(weights):
        weights = [Decimal(1)] * len(children)
    for child, share in zip(children, split_target(int(indicator.target_value), weights), strict=True):
        services.allocation_set(actor=actor, indicator=indicator, region=child, target_value=share, note=note)


def unit_kind(name: str) -> str:
    for word, kind in UNIT_KINDS:
        if word in name:
            return kind
    return DepartmentKind.OTHER


def department_for(region: Region, kind: str) -> Department:
    names = PROVINCE_NAMES if region.level == "province" else CITY_NAMES
    dept, _ = Department.objects.get_or_create(
        region=region,
        kind=kind,
        defaults={"name": f"{region.name}{names.get(kind, DepartmentKind(kind).label)}"},
    )
    return dept


def officer_for(dept: Department, username: str) -> Any:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": f"{dept.name}工作人员"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    OfficerAssignment.objects.get_or_create(user=user, department=dept, defaults={"region": dept.region})
    return user


def _usable(definition: dict[str, Any] | None) -> dict[str, Any] | None:
    """The definition if every model it names is in the catalogue (carriers may not be installed)."""
    if definition is None:
        return None
    catalogue = get_catalogue()
    parts = (
        [definition.get("numerator"), definition.get("denominator")]
        if definition.get("op") == "ratio"
        else [definition]
    )
    return definition if all(p and p.get("model") in catalogue for p in parts) else None


def _load_plan(
    *,
    parsed: ParsedPlan,
    region: Region,
    manager_dept: Department,
    actor: Any,
    units: dict[str, Department],
    metrics: dict[str, dict[str, Any]],
    source_name: str,
    title: str,
    today: dt.date,
) -> Plan:
    plan = services.plan_create(
        actor=actor,
        kind=PLAN_KIND_BY_LABEL[parsed.kind],
        title=title,
        department=manager_dept,
        region=region,
        period_start=parsed.period_start,
        period_end=parsed.period_end,
        document_number=parsed.document_number,
        issuer=parsed.issuer,
        issued_on=parsed.issued_on,
        source_name=source_name,
        source_text=(SEED_DIR / source_name).read_text(encoding="utf-8"),
    )
    by_code = {}
    for pos, ind in enumerate(parsed.indicators):
        lead_name, participating = parsed.responsibility(ind.code)
        definition = _usable(metrics.get(ind.name))
        by_code[ind.code] = services.indicator_create(
            actor=actor,
            plan=plan,
            code=ind.code,
            name=ind.name,
            category=ind.category,
            unit=ind.unit,
            direction=Direction.AT_LEAST if ind.direction == "at_least" else Direction.AT_MOST,
            target_value=ind.target,
            target_max=ind.target_max,
            target_date=ind.deadline,
            baseline_date=parsed.period_start,
            baseline_value=ind.baseline,
            metric=definition,
            source_text=ind.source_text,
            position=pos,
            lead_unit=units.get(lead_name) or (manager_dept if not parsed.units else None),
            participating_units=[units[n] for n in participating if n in units],
        )
    for pos, task in enumerate(parsed.tasks):
        services.task_create(
            actor=actor,
            plan=plan,
            code=task.code,
            title=task.title,
            section=task.section,
            text=task.text,
            due_date=parsed.period_end,
            lead_unit=units.get(task.lead_unit) or (manager_dept if not parsed.units else None),
            participating_units=[units[n] for n in task.participating_units if n in units],
            indicators=[by_code[c] for c in task.indicator_codes if c in by_code],
            position=pos,
        )
    # Baselines of computed indicators: the registry's value on the plan's start date (the document
    # states none); then yearly snapshots so the trend and the forecast rest on exact history.
    computed = [i for i in by_code.values() if i.metric]
    if computed:
        start_values = indicator_values(indicators=computed, regions=[region], on=parsed.period_start)
        for indicator in computed:
            value = start_values[(indicator.pk, region.code)]
            # a ratio without data at the start, or a withheld figure: no baseline rather than a made-up 0
            if not isinstance(value, Decimal):
                continue
            services.indicator_set_baseline(
                actor=actor, indicator=indicator, baseline_value=value, baseline_date=parsed.period_start
            )
    # Snapshots at the start and at every year end up to today, also after the deadline: a plan that
    # has ended is still followed up against its goals.
    children = list(Region.objects.filter(parent=region))
    days = [parsed.period_start] + [dt.date(y, 12, 31) for y in range(parsed.period_start.year, today.year)]
    for day in sorted(set(d for d in days if d <= today)):
        services.snapshot_take(plan=plan, on=day, regions=[region, *children])
    return plan


@transaction.atomic
def load(*, stdout: Any, rng: random.Random) -> None:
    if Plan.objects.filter(source_name__in=[SEED_002, SEED_001]).exists():
        stdout.write("targets: demo plans already loaded")
        return
    today = dt.date.today()
    try:
        jilin = Region.objects.get(code="220000")
        yangjiang = Region.objects.get(code=SEED_001_REGION)
    except Region.DoesNotExist:
        stdout.write("targets: regions missing (run load_reference_data first); skipped")
        return

    # Seed 002: 吉林省 implementation plan, managed by the provincial 工信厅 (the annex's lead unit).
    parsed = load_seed(SEED_002)
    units = {u.name: department_for(jilin, unit_kind(u.name)) for u in parsed.units}
    for i, dept in enumerate(units.values()):
        officer_for(dept, f"jl_unit{i + 1}")
    lead = next(units[u.name] for u in parsed.units if u.role == "lead")
    manager = officer_for(lead, "jl_officer")
    plan = _load_plan(
        parsed=parsed,
        region=jilin,
        manager_dept=lead,
        actor=manager,
        units=units,
        metrics=METRICS_002,
        source_name=SEED_002,
        title=parsed.title,
        today=today,
    )
    # Breakdown of the computed patent goal to the prefectures, in proportion to their share at the plan's
    # start (equal shares when the registry holds nothing then); largest remainders keep the sum exact.
    patents = plan.indicators.filter(name="企业有效发明专利拥有数", metric__isnull=False).first()
    if patents is not None:
        allocate_by_share(
            actor=manager,
            indicator=patents,
            parent=jilin,
            on=parsed.period_start,
            note="按规划起始时各市(州)占比分解",
        )
    _follow_up(plan, manager=manager, today=today)
    stdout.write(
        f"targets: {plan.title}: {plan.indicators.count()} indicators "
        f"({plan.indicators.filter(metric__isnull=False).count()} computed), {plan.tasks.count()} tasks"
    )

    # Seed 001: the city bureau's 2009 annual plan.
    parsed1 = load_seed(SEED_001)
    bureau = department_for(yangjiang, DepartmentKind.SCIENCE)
    city_officer = officer_for(bureau, "yj_officer")
    plan1 = _load_plan(
        parsed=parsed1,
        region=yangjiang,
        manager_dept=bureau,
        actor=city_officer,
        units={parsed1.issuer: bureau},
        metrics=METRICS_001,
        source_name=SEED_001,
        title=f"{yangjiang.name}{parsed1.title}",
        today=today,
    )
    current = _load_current_plan(today=today)
    services.supervise(today=today)
    if current is not None:
        stdout.write(
            f"targets: {current.title}: {current.indicators.count()} indicators, {current.tasks.count()} tasks "
            f"(current plan, managed by the demo user officer)"
        )
    stdout.write(
        f"targets: {plan1.title}: {plan1.indicators.count()} indicators, {plan1.tasks.count()} tasks; "
        f"demo officers jl_officer / jl_unit1..{len(units)} / yj_officer, password {DEMO_PASSWORD}"
    )


# --------------------------------------------------------------------------------------------- follow-up
# Seed 002's units reported what the platform does not compute, as of the plan's end (plausible figures
# for a province of 吉林's size; the document sets the goals, not these outcomes).
REPORTED_002 = {
    "工业企业吉林省著名商标": (
        Decimal(1146),
        "截至2020年底累计认定吉林省著名商标1146件，未完成1200件的目标。",
    ),
    "产品标准覆盖率": (Decimal("98.2"), "主要工业产品采用标准覆盖率98.2%，完成目标。"),
    "重点领域主要工业产品按国际标准和国外先进标准组织生产的比重": (
        Decimal("83.5"),
        "重点领域采标比重83.5%，较目标低1.5个百分点，差距主要在汽车零部件。",
    ),
}
# Tasks of seed 002 still open at the end (the rest were reported done in the closing review).
OPEN_002 = {"T01", "T12", "T21", "T25"}


def _officer_of(dept: Department) -> Any:
    assignment = OfficerAssignment.objects.filter(department=dept).select_related("user").first()
    return assignment.user if assignment else None


def _follow_up(plan: Plan, *, manager: Any, today: dt.date) -> None:
    """The plan's closing review: the units' accepted reports on the reported indicators, and most key tasks
    marked done (a few left open: they stay overdue and are escalated)."""
    end = min(plan.period_end, today)
    for indicator in plan.indicators.filter(name__in=REPORTED_002, metric__isnull=True).select_related(
        "lead_unit"
    ):
        unit = indicator.lead_unit
        officer = _officer_of(unit) if unit else None
        if officer is None:
            continue
        value, narrative = REPORTED_002[indicator.name]
        report = services.report_submit(
            actor=officer, department=unit, as_of=end, narrative=narrative, indicator=indicator, value=value
        )
        services.report_review(actor=manager, report=report, accept=True)
    # the snapshots from the plan's end on were taken before these reports: take them again
    regions = [plan.region, *Region.objects.filter(parent=plan.region)]
    days = ValueSnapshot.objects.filter(indicator__plan=plan, taken_on__gte=end).values_list(
        "taken_on", flat=True
    )
    for day in sorted(set(days)):
        services.snapshot_take(plan=plan, on=day, regions=regions)
    for task in plan.tasks.exclude(code__in=OPEN_002):
        services.task_transition(actor=manager, task=task, to="done", note="规划期末总结：已完成。")


# --------------------------------------------------------------------------------------------- current plan
CURRENT_TITLE = "长春市科技创新行动计划（2024—2027年）"
# name, unit, definition, growth of the target over the value at the start
CURRENT_INDICATORS: tuple[tuple[str, str, dict[str, Any], Decimal], ...] = (
    (
        "有效期内高新技术企业",
        "家",
        {"op": "count", "model": "designation", "where": {"kind": "high_tech"}},
        Decimal("1.3"),
    ),
    (
        "专精特新中小企业",
        "家",
        {"op": "count", "model": "designation", "where": {"kind": "srdi_sme"}},
        Decimal("1.5"),
    ),
    (
        "企业有效发明专利拥有数",
        "件",
        {"op": "sum", "model": "yearly_statistics", "field": "valid_invention_patents", "where": ENTERPRISE},
        Decimal("1.12"),
    ),
    (
        "企业研发费用占营业收入比重",
        "%",
        {
            "op": "ratio",
            "numerator": {
                "op": "sum",
                "model": "yearly_statistics",
                "field": "rd_expenditure",
                "where": ENTERPRISE,
            },
            "denominator": {
                "op": "sum",
                "model": "yearly_statistics",
                "field": "revenue",
                "where": ENTERPRISE,
            },
            "scale": 100,
        },
        Decimal("1.15"),
    ),
)
CURRENT_TASKS = (
    ("T01", "实施高新技术企业倍增行动，建立后备企业库", dt.date(2025, 6, 30), True),
    ("T02", "建设长春市科技成果转化服务平台", dt.date(2026, 9, 30), False),
    ("T03", "推动在长高校院所成果就地转化，年度登记技术合同", dt.date(2027, 6, 30), False),
    ("T04", "落实企业研发费用加计扣除和研发投入后补助", dt.date(2027, 12, 31), False),
)


def _load_current_plan(*, today: dt.date) -> Plan | None:
    """A plan under way today, managed by the demo officer's bureau (长春市科学技术局): computed indicators
    with targets for 2027 set from the registry's values at the start, the high-tech goal broken down to the
    districts, and key tasks — one done, one overdue, the rest due later."""
    User = get_user_model()
    officer = User.objects.filter(username="officer").first()
    changchun = Region.objects.filter(code="220100").first()
    bureau = Department.objects.filter(region_id="220100", kind=DepartmentKind.SCIENCE).first()
    start, end = dt.date(2024, 1, 1), dt.date(2027, 12, 31)
    if officer is None or changchun is None or bureau is None or not (start < today < end):
        return None
    plan = services.plan_create(
        actor=officer,
        kind=PLAN_KIND_BY_LABEL["实施方案"],
        title=CURRENT_TITLE,
        department=bureau,
        region=changchun,
        period_start=start,
        period_end=end,
        document_number="长府办发〔2024〕5号（演示）",
        issuer="长春市人民政府办公厅",
        issued_on=dt.date(2024, 2, 20),
    )
    children = list(Region.objects.filter(parent=changchun).order_by("code"))
    ref = RegionRef(changchun.code, changchun.path)
    indicators = []
    for pos, (name, unit, definition, growth) in enumerate(CURRENT_INDICATORS):
        if _usable(definition) is None:
            continue
        ((start_value,),) = [
            list(v.values()) for v in compute_many([parse(definition, get_catalogue())], [ref], on=start)
        ]
        if not isinstance(start_value, Decimal) or not start_value:
            continue  # nothing to set a target from (or withheld): the indicator is left out
        target = (Decimal(start_value) * growth).quantize(Decimal("0.1") if unit == "%" else Decimal(1))
        indicators.append(
            services.indicator_create(
                actor=officer,
                plan=plan,
                code=f"C{pos + 1:02d}",
                name=name,
                unit=unit,
                target_value=target,
                target_date=end,
                baseline_date=start,
                baseline_value=Decimal(start_value).quantize(Decimal("0.01")),
                metric=definition,
                position=pos,
                lead_unit=bureau,
            )
        )
    high_tech = next((i for i in indicators if i.name == "有效期内高新技术企业"), None)
    if high_tech is not None:
        allocate_by_share(
            actor=officer, indicator=high_tech, parent=changchun, on=start, note="按2024年初各区占比分解"
        )
    for pos, (code, title, due, done) in enumerate(CURRENT_TASKS):
        task = services.task_create(
            actor=officer,
            plan=plan,
            code=code,
            title=title,
            due_date=due,
            lead_unit=bureau,
            indicators=indicators[:1] if code == "T01" else [],
            position=pos,
        )
        if done:
            services.task_transition(actor=officer, task=task, to="done", note="后备企业库已建立。")
    for day in [start, dt.date(2024, 12, 31), dt.date(2025, 12, 31)]:
        services.snapshot_take(plan=plan, on=day, regions=[changchun, *children])
    return plan
