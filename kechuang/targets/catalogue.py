"""The catalogue of records a metric definition may count or sum.

Built-in entries cover the registry (organizations, designations held or newly granted, yearly
statistics, parks) and the carriers app's innovation carriers and alliances. The targets app sits above
the capability apps, so another app's records are added here, explicitly (a ``<app>_specs()`` function
joined in :func:`get_catalogue`), not discovered at run time.
"""

from __future__ import annotations

from django.apps import apps

from kechuang.targets.metrics import Catalogue, FieldSpec, ModelSpec

# Fields that are business-confidential (商业秘密 reported in statistics): only departments that
# administer R&D deductions, finance or tax may aggregate them.
# Separately, every figure an organization reports about itself (money and staff; patents are public
# records) is marked ``confidential=True``: statistics over it are withheld for groups too small to hide
# one organization (统计法第三十九条; see ``compute`` and ``metrics.disclose``).
CONFIDENTIAL = "confidential"
CONFIDENTIAL_READER_KINDS = ("science", "development_reform", "industry_it", "finance", "tax")

ORG_KINDS = ("enterprise", "university", "institute", "intermediary", "park_operator", "government")
SIZES = ("large", "medium", "small", "micro")
DESIGNATION_KINDS = (
    "high_tech",
    "tech_sme",
    "srdi_sme",
    "little_giant",
    "gazelle",
    "ip_advantage",
    "ip_demonstration",
    "innovation_pilot",
    "famous_brand",
    "famous_trademark",
    "quality_award",
    "science_award",
)


def _org_fields(prefix: str) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("organization_kind", "choice", "主体类型", orm=f"{prefix}kind", choices=ORG_KINDS),
        FieldSpec("organization_size", "choice", "企业规模", orm=f"{prefix}size", choices=SIZES),
        FieldSpec("industry", "str", "所属行业代码", orm=f"{prefix}industry_id"),
    )


def builtin_specs() -> list[ModelSpec]:
    stats_fields = (
        FieldSpec("revenue", "decimal", "营业收入（元）", confidential=True),
        FieldSpec("total_output", "decimal", "工业总产值（元）", confidential=True),
        FieldSpec("rd_expenditure", "decimal", "研发费用（元）", permission=CONFIDENTIAL, confidential=True),
        FieldSpec("new_product_output", "decimal", "新产品产值（元）", confidential=True),
        FieldSpec("exports", "decimal", "出口额（元）", confidential=True),
        FieldSpec("profit", "decimal", "利润总额（元）", permission=CONFIDENTIAL, confidential=True),
        FieldSpec("tax_paid", "decimal", "纳税总额（元）", permission=CONFIDENTIAL, confidential=True),
        FieldSpec("employees", "int", "从业人员（人）", confidential=True),
        FieldSpec("rd_staff", "int", "研发人员（人）", confidential=True),
        FieldSpec("valid_invention_patents", "int", "有效发明专利（件）"),
        FieldSpec("patent_applications", "int", "专利申请（件）"),
    )
    designation_fields = (
        FieldSpec("kind", "choice", "资质类型", choices=DESIGNATION_KINDS),
        FieldSpec("issuer", "str", "认定机关"),
        *_org_fields("organization__"),
    )
    return [
        ModelSpec(
            key="organization",
            label="主体",
            model="registry.Organization",
            region_path="region_path",
            time="since",
            time_fields=("founded_on",),
            fields=(
                FieldSpec("kind", "choice", "主体类型", choices=ORG_KINDS),
                FieldSpec("size", "choice", "企业规模", choices=SIZES),
                FieldSpec(
                    "verification_status", "choice", "核验状态", choices=("pending", "verified", "rejected")
                ),
                FieldSpec("industry", "str", "所属行业代码", orm="industry_id"),
            ),
        ),
        ModelSpec(
            key="designation",
            label="资质认定（有效）",
            model="registry.Designation",
            region_path="organization__region_path",
            time="valid_range",
            time_fields=("valid_from", "valid_to"),
            fields=designation_fields,
        ),
        ModelSpec(
            key="designation_granted",
            label="资质认定（当年新认定）",
            model="registry.Designation",
            region_path="organization__region_path",
            time="event_date",
            time_fields=("valid_from",),
            fields=designation_fields,
        ),
        ModelSpec(
            key="yearly_statistics",
            label="年度统计",
            model="registry.YearlyStatistics",
            region_path="organization__region_path",
            time="year_field",
            time_fields=("year",),
            fields=stats_fields + _org_fields("organization__"),
            unit="organization",
        ),
        ModelSpec(
            key="park",
            label="园区",
            model="registry.Park",
            region_path="region__path",
            time="since",
            time_fields=("established_on",),
            fields=(
                FieldSpec(
                    "level", "choice", "级别", choices=("national", "provincial", "municipal", "county")
                ),
                FieldSpec("kind", "str", "类型"),
            ),
        ),
    ]


TIERS = ("county", "municipal", "provincial", "national")
CARRIER_KINDS = (
    "enterprise_tech_center",
    "engineering_research_center",
    "engineering_lab",
    "key_lab",
    "pilot_test_center",
    "industry_public_rd_center",
    "tech_transfer_agency",
    "incubator",
    "university_science_park",
    "productivity_promotion_center",
    "postdoc_workstation",
    "graduate_workstation",
    "academician_workstation",
    "quality_inspection_center",
    "metrology_center",
)


def _has_fields(label: str, names: tuple[str, ...]) -> bool:
    try:
        model = apps.get_model(label)
    except LookupError:
        return False
    present = {f.name for f in model._meta.get_fields()}
    return all(n in present for n in names)


def carrier_specs() -> list[ModelSpec]:
    """Innovation carriers and alliances (the carriers app), registered once its models exist. Only
    carriers in force count (active or warned, recognised by the date and not expired)."""
    specs: list[ModelSpec] = []
    if _has_fields(
        "carriers.Carrier", ("kind", "tier", "status", "region_path", "recognised_on", "valid_until")
    ):
        specs.append(
            ModelSpec(
                key="carrier",
                label="创新载体",
                model="carriers.Carrier",
                region_path="region_path",
                time="valid_range",
                time_fields=("recognised_on", "valid_until"),
                base_filter={"status__in": ("active", "warned")},
                fields=(
                    FieldSpec("kind", "choice", "载体类型", choices=CARRIER_KINDS),
                    FieldSpec("tier", "choice", "级别", choices=TIERS),
                    FieldSpec("industry", "str", "所属领域", orm="industry_id"),
                ),
            )
        )
    if _has_fields("carriers.Resident", ("status", "started_on", "ended_on", "carrier")):
        # researchers of postdoc, graduate and academician workstations: 在站 on the date (博士后在站人数),
        # and those who entered in the date's year (进站博士后人数); the carrier's kind picks the programme
        station = FieldSpec(
            "workstation_kind",
            "choice",
            "工作站类型",
            orm="carrier__kind",
            choices=("postdoc_workstation", "graduate_workstation", "academician_workstation"),
        )
        specs += [
            ModelSpec(
                key="workstation_resident",
                label="工作站在站人员",
                model="carriers.Resident",
                region_path="carrier__region_path",
                time="valid_range",
                time_fields=("started_on", "ended_on"),
                fields=(station,),
            ),
            ModelSpec(
                key="workstation_entry",
                label="工作站进站人员（当年进站）",
                model="carriers.Resident",
                region_path="carrier__region_path",
                time="event_date",
                time_fields=("started_on",),
                fields=(station,),
            ),
        ]
    if _has_fields("carriers.Alliance", ("tier", "region_path", "established_on", "is_active")):
        specs.append(
            ModelSpec(
                key="alliance",
                label="产业技术创新联盟",
                model="carriers.Alliance",
                region_path="region_path",
                time="since",
                time_fields=("established_on",),
                base_filter={"is_active": True},
                fields=(FieldSpec("tier", "choice", "级别", choices=TIERS),),
            )
        )
    return specs


def resources_specs() -> list[ModelSpec]:
    """The resources app's S&T commissioners (科技特派员): dispatches in force on the date, and the work
    their hosts confirmed in the date's year (visits, problems solved, trainees, technology introduced)."""
    specs: list[ModelSpec] = []
    if _has_fields("resources.Dispatch", ("host_kind", "status", "region_path", "starts_on", "ends_on")):
        specs.append(
            ModelSpec(
                key="commissioner_dispatch",
                label="科技特派员派驻",
                model="resources.Dispatch",
                region_path="region_path",
                time="valid_range",
                time_fields=("starts_on", "ends_on"),
                base_filter={"status__in": ("active", "completed")},
                fields=(
                    FieldSpec(
                        "host_kind", "choice", "派驻对象类型", choices=("enterprise", "park", "village")
                    ),
                ),
            )
        )
    if _has_fields("resources.WorkLog", ("kind", "status", "worked_on", "problems_solved", "trainees")):
        specs.append(
            ModelSpec(
                key="commissioner_work",
                label="科技特派员工作记录（服务对象已确认）",
                model="resources.WorkLog",
                region_path="dispatch__region_path",
                time="event_date",
                time_fields=("worked_on",),
                base_filter={"status": "confirmed"},
                fields=(
                    FieldSpec(
                        "kind", "choice", "工作类型", choices=("visit", "problem", "training", "technology")
                    ),
                    FieldSpec("problems_solved", "int", "解决难题（个）"),
                    FieldSpec("trainees", "int", "培训人次"),
                    FieldSpec("technologies", "int", "引进推广技术（项）"),
                ),
            )
        )
    return specs


PATENT_KINDS = ("invention", "utility", "design")
STANDARD_LEVELS = ("international", "national", "industry", "local", "group", "enterprise")
EVENT_KINDS = ("ip_week", "science_month", "quality_month", "other")


def quality_specs() -> list[ModelSpec]:
    """The quality app's registers (where the register is kept, e.g. 有效发明专利拥有数 counts patents valid
    on the date: granted and not lapsed), products and their standards (产品标准覆盖率 is a ratio of two
    product counts), standards drafted, and IP-week / science-month events."""
    if not _has_fields("quality.Patent", ("kind", "status", "granted_on", "lapsed_on", "applied_on")):
        return []
    org = _org_fields("organization__")
    return [
        ModelSpec(
            key="patent",
            label="专利（有效）",
            model="quality.Patent",
            region_path="organization__region_path",
            time="valid_range",
            time_fields=("granted_on", "lapsed_on"),
            base_filter={"status__in": ("valid", "lapsed")},
            fields=(FieldSpec("kind", "choice", "专利类型", choices=PATENT_KINDS), *org),
            unit="organization",
            unit_unique=False,
        ),
        ModelSpec(
            key="patent_application",
            label="专利申请（当年）",
            model="quality.Patent",
            region_path="organization__region_path",
            time="event_date",
            time_fields=("applied_on",),
            fields=(FieldSpec("kind", "choice", "专利类型", choices=PATENT_KINDS), *org),
            unit="organization",
            unit_unique=False,
        ),
        ModelSpec(
            key="famous_trademark",
            label="驰名、著名商标（有效）",
            model="quality.Trademark",
            region_path="organization__region_path",
            time="valid_range",
            time_fields=("fame_since", "fame_valid_until"),
            base_filter={"fame__in": ("famous", "well_known")},
            fields=(FieldSpec("fame", "choice", "认定情况", choices=("famous", "well_known")), *org),
            unit="organization",
            unit_unique=False,
        ),
        ModelSpec(
            key="standard",
            label="主导或参与制定的标准（当年发布）",
            model="quality.Standard",
            region_path="organization__region_path",
            time="event_date",
            time_fields=("issued_on",),
            fields=(
                FieldSpec("level", "choice", "标准层级", choices=STANDARD_LEVELS),
                FieldSpec("role", "choice", "参与方式", choices=("lead", "participant")),
                *org,
            ),
            unit="organization",
            unit_unique=False,
        ),
        ModelSpec(
            key="product",
            label="产品",
            model="quality.Product",
            region_path="organization__region_path",
            fields=(FieldSpec("has_standard", "bool", "有执行标准"), *org),
            unit="organization",
            unit_unique=False,
        ),
        ModelSpec(
            key="ip_event",
            label="知识产权宣传与科普活动（当年）",
            model="quality.Event",
            region_path="region_path",
            time="event_date",
            time_fields=("held_on",),
            fields=(
                FieldSpec("kind", "choice", "活动类型", choices=EVENT_KINDS),
                FieldSpec("participants", "int", "参加人数"),
            ),
        ),
    ]


_catalogue: Catalogue | None = None


def get_catalogue() -> Catalogue:
    """The catalogue, built once: the registry's records, the carriers', resources' and quality apps'."""
    global _catalogue
    if _catalogue is None:
        _catalogue = Catalogue(builtin_specs() + carrier_specs() + resources_specs() + quality_specs())
    return _catalogue


def reset_catalogue() -> None:
    """Forget the built catalogue (tests that register extra models)."""
    global _catalogue
    _catalogue = None
