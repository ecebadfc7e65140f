"""factory_boy factories for the capability apps' models (carriers, review, recognition, policies, targets,
market), built straight from the models so that tests can put a row in any state without walking the
workflow. tests/factories.py holds the foundation (users, organizations, departments, officers).

Defaults describe the standard world of tests/fixtures.py: things in 长春市 (220100/220102), run by the
长春市科学技术局 the ``officer`` serves.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kechuang.carriers.choices import CarrierKind, Tier
from kechuang.carriers.models import (
    Alliance,
    AllianceMember,
    AllianceProject,
    Carrier,
    CarrierHost,
    Resident,
)
from kechuang.market.choices import AchievementStatus, DemandStatus, EventStatus
from kechuang.market.models import (
    Achievement,
    Contact,
    Demand,
    EventItem,
    EventOutcome,
    EventRegistration,
    MatchmakingEvent,
    SavedSearch,
    TechContract,
)
from kechuang.policies.choices import ClaimStatus, MeasureStatus
from kechuang.policies.models import Claim, Measure, MeasureRuleVersion, PolicyDocument
from kechuang.portal.models import Announcement
from kechuang.programs import models as pm
from kechuang.programs.choices import ApplicationStatus as ProgramApplicationStatus
from kechuang.programs.choices import CallStatus as ProgramCallStatus
from kechuang.quality.choices import PatentKind, PatentStatus
from kechuang.quality.cnipa import check_digit
from kechuang.quality.models import Complaint, Patent, Trademark
from kechuang.quality.models import Event as QualityEvent
from kechuang.recognition.choices import ApplicationStatus, CallStatus
from kechuang.recognition.models import Application, Call, Objection, Scheme
from kechuang.registry.models import Expert, Region
from kechuang.resources.models import (
    AgencyService,
    Booking,
    Commissioner,
    Dispatch,
    Instrument,
    Redemption,
    ServiceAgency,
    ServiceOrder,
    Voucher,
    VoucherApplication,
    VoucherScheme,
    WorkLog,
)
from kechuang.review.models import Panel, PanelItem, ReviewAssignment
from kechuang.targets.models import Indicator, Plan, ProgressReport, Task
from tests import factories as f


def _region(code: str) -> factory.LazyFunction:
    return factory.LazyFunction(lambda: Region.objects.get(code=code))


# --------------------------------------------------------------------------------------------- carriers


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier

    name = factory.Sequence(lambda n: f"长春测试重点实验室{n}")
    kind = CarrierKind.KEY_LAB
    tier = Tier.MUNICIPAL
    region = _region("220102")
    region_path = factory.LazyAttribute(lambda o: o.region.path)
    responsible_department = factory.SubFactory(f.DepartmentFactory)


class CarrierHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarrierHost

    carrier = factory.SubFactory(CarrierFactory)
    organization = factory.SubFactory(f.OrganizationFactory)


class ResidentFactory(factory.django.DjangoModelFactory):
    """A postdoctoral researcher in station at a workstation of 南关区."""

    class Meta:
        model = Resident

    carrier = factory.SubFactory(CarrierFactory, kind=CarrierKind.POSTDOC_WORKSTATION)
    name = factory.Sequence(lambda n: f"测试博士后{n}")
    identifier = factory.Sequence(lambda n: f"BSH2024{n:05d}")
    title = "博士后研究人员"
    home_institution_name = "吉林大学"
    field = "光电子材料"
    project = "高功率半导体激光器封装工艺研究"
    started_on = dt.date(2024, 9, 1)


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"长春测试产业技术创新联盟{n}")
    lead = factory.SubFactory(f.OrganizationFactory)
    region = _region("220102")
    region_path = factory.LazyAttribute(lambda o: o.region.path)


class AllianceMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceMember

    alliance = factory.SubFactory(AllianceFactory)
    organization = factory.SubFactory(f.OrganizationFactory)


class AllianceProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceProject

    alliance = factory.SubFactory(AllianceFactory)
    title = factory.Sequence(lambda n: f"光电芯片关键共性技术联合攻关{n}")


# ----------------------------------------------------------------------------------------------- review


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    user = factory.SubFactory(f.UserFactory)
    name = factory.Sequence(lambda n: f"专家{n}")
    organization = factory.SubFactory(f.OrganizationFactory, kind="university", region=_region("220104"))
    region = _region("220104")
    title = "教授"
    fields = factory.LazyFunction(lambda: ["C"])


SCORE_SHEET = [{"code": "quality", "name": "技术水平", "max_score": "100"}]


class PanelFactory(factory.django.DjangoModelFactory):
    """A panel owned by a call (or anything passed as ``owner``)."""

    class Meta:
        model = Panel
        exclude = ("owner",)

    owner = factory.SubFactory("tests.app_factories.CallFactory")
    name = factory.Sequence(lambda n: f"评审组{n}")
    owner_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.owner))
    owner_id = factory.LazyAttribute(lambda o: str(o.owner.pk))
    department = factory.SubFactory(f.DepartmentFactory)
    indicators = factory.LazyFunction(lambda: list(SCORE_SHEET))
    experts_per_item = 1


class PanelItemFactory(factory.django.DjangoModelFactory):
    """An item of a panel, reviewing ``subject`` (an application by default)."""

    class Meta:
        model = PanelItem
        exclude = ("subject",)

    panel = factory.SubFactory(PanelFactory)
    subject = factory.SubFactory("tests.app_factories.ApplicationFactory")
    subject_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.subject))
    subject_id = factory.LazyAttribute(lambda o: str(o.subject.pk))
    organization = factory.LazyAttribute(lambda o: o.subject.organization)
    label = factory.LazyAttribute(lambda o: str(o.subject))


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    item = factory.SubFactory(PanelItemFactory)
    expert = factory.SubFactory(ExpertFactory)


# ------------------------------------------------------------------------------------------ recognition


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    code = factory.Sequence(lambda n: f"scheme{n}")
    name = factory.Sequence(lambda n: f"长春市企业技术中心认定{n}")
    department = factory.SubFactory(f.DepartmentFactory)
    tier = Tier.MUNICIPAL
    carrier_kind = CarrierKind.ENTERPRISE_TECH_CENTER
    recognition_title = "长春市企业技术中心"
    indicator_system = factory.LazyFunction(
        lambda: {
            "indicators": [{"code": "quality", "name": "技术水平", "max_score": "100", "method": "expert"}]
        }
    )


class CallFactory(factory.django.DjangoModelFactory):
    """An open call whose window runs from yesterday to a month from now."""

    class Meta:
        model = Call

    scheme = factory.SubFactory(SchemeFactory)
    year = factory.Sequence(lambda n: 2000 + n % 100)
    title = factory.LazyAttribute(lambda o: f"{o.year}年度{o.scheme.name}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    status = CallStatus.OPEN


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organization = factory.SubFactory(f.OrganizationFactory)
    region_path = factory.LazyAttribute(lambda o: o.organization.region_path)
    title = factory.LazyAttribute(lambda o: f"{o.organization.name}企业技术中心")
    status = ApplicationStatus.DRAFT


class ObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objection

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.PUBLICITY)
    name = "王五"
    contact = "13800000000"
    content = "申报材料中的研发人员数与社保记录不符。"


# --------------------------------------------------------------------------------------------- policies

RULE = """\
id: matrix-measure
title: 研发费用补助
source:
  document: 长春市促进科技创新若干政策
  number: 长府发〔2025〕1号
  issuer: 长春市人民政府
  article: 第三条
  date: 2025-01-01
effective:
  from: 2020-01-01
benefit:
  type: subsidy
  text: 补助10万元
mode: apply
rule:
  all:
    - use: 企业
"""


class PolicyDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyDocument

    title = factory.Sequence(lambda n: f"长春市促进科技创新若干政策{n}")
    issuer = "长春市人民政府"
    number = factory.Sequence(lambda n: f"长府发〔2025〕{n}号")


class MeasureFactory(factory.django.DjangoModelFactory):
    """A published measure; its rule is the one in ``RULE`` unless given."""

    class Meta:
        model = Measure

    document = factory.SubFactory(PolicyDocumentFactory)
    code = factory.Sequence(lambda n: f"matrix-measure-{n}")
    title = factory.Sequence(lambda n: f"研发费用补助{n}")
    benefit_type = "subsidy"
    amount = Decimal("100000")
    rule_source = RULE
    rule_hash = "0" * 64
    status = MeasureStatus.PUBLISHED


class MeasureRuleVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureRuleVersion

    measure = factory.SubFactory(MeasureFactory)
    number = 1
    rule_source = factory.LazyAttribute(lambda o: o.measure.rule_source)
    rule_hash = factory.LazyAttribute(lambda o: o.measure.rule_hash)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    measure = factory.SubFactory(MeasureFactory)
    organization = factory.SubFactory(f.OrganizationFactory)
    region_path = factory.LazyAttribute(lambda o: o.organization.region_path)
    status = ClaimStatus.DRAFT


# ---------------------------------------------------------------------------------------------- targets


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    kind = "annual"
    title = factory.Sequence(lambda n: f"长春市科技创新年度工作计划{n}")
    department = factory.SubFactory(f.DepartmentFactory)
    region = _region("220100")
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2026, 12, 31)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    name = "高新技术企业数"
    unit = "家"
    baseline_value = Decimal("100")
    baseline_date = dt.date(2024, 12, 31)
    target_value = Decimal("150")
    target_date = dt.date(2026, 12, 31)
    source = "reported"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    title = "建设科技成果转化平台"
    due_date = dt.date(2026, 6, 30)
    lead_unit = factory.SubFactory(f.DepartmentFactory)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    department = factory.LazyAttribute(lambda o: o.task.lead_unit)
    as_of = dt.date(2025, 6, 30)
    narrative = "平台已完成选址。"
    submitted_by = factory.SubFactory(f.UserFactory)


# ----------------------------------------------------------------------------------------------- market


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    owner = factory.SubFactory(f.OrganizationFactory)
    title = factory.Sequence(lambda n: f"稀土镁合金高压压铸技术{n}")
    summary = "一种稀土镁合金高压压铸工艺，提高汽车零部件强度。"
    keywords = factory.LazyFunction(lambda: ["稀土镁合金", "压铸"])
    maturity = "pilot"
    trl = 6
    transfer_modes = factory.LazyFunction(lambda: ["转让"])
    status = AchievementStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    owner = factory.SubFactory(f.OrganizationFactory)
    title = factory.Sequence(lambda n: f"汽车轮毂轻量化材料{n}")
    problem = "需要镁合金压铸轻量化技术。"
    confidential_detail = "现有模具参数：压射速度 5m/s。"
    keywords = factory.LazyFunction(lambda: ["镁合金", "轻量化"])
    status = DemandStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact request about ``achievement`` from ``from_org`` to the achievement's owner."""

    class Meta:
        model = Contact

    achievement = factory.SubFactory(AchievementFactory)
    to_org = factory.LazyAttribute(lambda o: o.achievement.owner)
    from_org = factory.SubFactory(f.OrganizationFactory)
    message = "希望洽谈技术许可。"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchmakingEvent

    organizer = factory.SubFactory(f.OrganizationFactory)
    title = factory.Sequence(lambda n: f"长春新材料技术对接会{n}")
    region = _region("220102")
    location = "长春市南关区"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    status = EventStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class EventItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventItem

    event = factory.SubFactory(EventFactory)
    achievement = factory.SubFactory(AchievementFactory)


class EventRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(f.OrganizationFactory)


class EventOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOutcome

    event = factory.SubFactory(EventFactory)
    kind = "intention"
    parties = "长春光华微电子有限公司、吉林大学"


class TechContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechContract

    registration_no = factory.Sequence(lambda n: f"2025220100{n:06d}")
    contract_type = "transfer"
    title = "稀土镁合金压铸技术转让合同"
    seller = factory.SubFactory(f.OrganizationFactory)
    buyer = factory.SubFactory(f.OrganizationFactory)
    amount = Decimal("1000000")
    tech_amount = Decimal("800000")
    signed_on = dt.date(2025, 5, 1)
    region = _region("220102")
    region_path = factory.LazyAttribute(lambda o: o.region.path)


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(f.UserFactory)
    name = "镁合金"
    kind = "achievement"
    query = "镁合金"


# ---------------------------------------------------------------------------------------------- quality


def _application_no(n: int) -> str:
    body = f"20231{n:07d}"
    return f"{body}.{check_digit(body)}"


class PatentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patent

    organization = factory.SubFactory(f.OrganizationFactory)
    application_no = factory.Sequence(_application_no)
    kind = PatentKind.INVENTION
    title = factory.Sequence(lambda n: f"一种测试装置{n}")
    applied_on = dt.date(2023, 3, 1)
    granted_on = dt.date(2024, 6, 1)
    status = PatentStatus.VALID


class TrademarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trademark

    organization = factory.SubFactory(f.OrganizationFactory)
    registration_no = factory.Sequence(lambda n: str(60000000 + n))
    name = factory.Sequence(lambda n: f"商标{n}")
    nice_class = 9


class QualityEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityEvent

    kind = "ip_week"
    title = factory.Sequence(lambda n: f"知识产权宣传周活动{n}")
    organiser = factory.SubFactory(f.OrganizationFactory)
    region = factory.LazyAttribute(lambda o: o.organiser.region)
    region_path = factory.LazyAttribute(lambda o: o.region.path)
    held_on = dt.date(2025, 4, 26)
    place = "长春市科技大市场"
    participants = 200


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    lodged_by = factory.SubFactory(f.UserFactory)
    subject = factory.Sequence(lambda n: f"产品质量投诉{n}")
    body = "购买的产品存在质量问题。"
    region = _region("220102")
    region_path = factory.LazyAttribute(lambda o: o.region.path)
    lodged_on = factory.LazyFunction(timezone.localdate)
    deadline = factory.LazyAttribute(lambda o: o.lodged_on + dt.timedelta(days=21))


# -------------------------------------------------------------------------------------------- resources


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    owner = factory.SubFactory(f.OrganizationFactory, kind="university")
    name = factory.Sequence(lambda n: f"场发射扫描电子显微镜{n}")
    category = "microscopy"
    model_number = "JSM-7900F"
    location = "材料楼101"
    original_value = Decimal("3800000")
    fee_internal = Decimal("300")
    fee_external = Decimal("600")


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    instrument = factory.SubFactory(InstrumentFactory)
    organization = factory.SubFactory(f.OrganizationFactory)
    requested_by = factory.SubFactory(f.UserFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    sample_description = "镁合金断口样品3件"


class VoucherSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoucherScheme

    department = factory.SubFactory(f.DepartmentFactory)
    name = factory.Sequence(lambda n: f"2026年度长春市科技创新券{n}")
    year = 2026
    budget = Decimal("1000000")
    share_percent = Decimal("50")
    cap_per_enterprise = Decimal("100000")
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=300))


class VoucherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voucher

    scheme = factory.SubFactory(VoucherSchemeFactory)
    enterprise = factory.SubFactory(f.OrganizationFactory)
    amount = Decimal("50000")
    balance = factory.LazyAttribute(lambda o: o.amount)
    issued_by = factory.SubFactory(f.UserFactory)


class RedemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Redemption

    voucher = factory.SubFactory(VoucherFactory)
    booking = factory.SubFactory(
        BookingFactory,
        organization=factory.SelfAttribute("..voucher.enterprise"),
        status="used",
        fee=Decimal("2000"),
    )
    provider = factory.LazyAttribute(lambda o: o.booking.instrument.owner)
    amount = Decimal("1000")


class ServiceAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAgency

    organization = factory.SubFactory(f.OrganizationFactory, kind="intermediary")
    kind = "testing"


class AgencyServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyService

    agency = factory.SubFactory(ServiceAgencyFactory)
    name = factory.Sequence(lambda n: f"金属材料力学性能检测{n}")
    kind = "testing"
    price = Decimal("800")
    region_served = factory.LazyFunction(lambda: Region.objects.get(code="220100"))


class ServiceOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOrder

    service = factory.SubFactory(AgencyServiceFactory)
    enterprise = factory.SubFactory(f.OrganizationFactory)
    requested_by = factory.SubFactory(f.UserFactory)
    description = "镁合金拉伸试验5件"


class CommissionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commissioner

    user = factory.SubFactory(f.UserFactory)
    home = factory.SubFactory(f.OrganizationFactory, kind="university")
    expertise = "镁合金成形"


class DispatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispatch

    commissioner = factory.SubFactory(CommissionerFactory)
    host_kind = "enterprise"
    organization = factory.SubFactory(f.OrganizationFactory)
    region_path = factory.LazyAttribute(lambda o: o.organization.region_path)
    agreement_no = factory.Sequence(lambda n: f"TPY-2026-{n:03d}")
    agreement_summary = "指导镁合金压铸工艺改进"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=300))
    dispatched_by = factory.SubFactory(f.UserFactory)


class WorkLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkLog

    dispatch = factory.SubFactory(DispatchFactory)
    kind = "visit"
    worked_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    summary = "走访车间，分析压铸缺陷"


class VoucherApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoucherApplication

    scheme = factory.SubFactory(VoucherSchemeFactory)
    enterprise = factory.SubFactory(f.OrganizationFactory)
    applicant = factory.SubFactory(f.UserFactory)
    amount_requested = Decimal("20000")
    purpose = "委托检测镁合金样品"


# --------------------------------------------------------------------------------------------- programs


class ProgramTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.ProgramType

    code = factory.Sequence(lambda n: f"program{n}")
    name = factory.Sequence(lambda n: f"重点研发计划{n}")
    department = factory.SubFactory(f.DepartmentFactory)


class ProgramCallFactory(factory.django.DjangoModelFactory):
    """A published call whose window runs from yesterday to a month from now, 限项 1."""

    class Meta:
        model = pm.Call

    program_type = factory.SubFactory(ProgramTypeFactory)
    year = 2026
    title = factory.LazyAttribute(lambda o: f"{o.year}年度{o.program_type.name}申报指南")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    total_budget = Decimal("1000")
    status = ProgramCallStatus.PUBLISHED


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic capped at 100万元 per project, with 自筹 at least 1:1."""

    class Meta:
        model = pm.Topic

    call = factory.SubFactory(ProgramCallFactory)
    title = factory.Sequence(lambda n: f"新能源汽车关键零部件{n}")
    funding_cap = Decimal("100")
    project_count = 3
    duration_months = 36
    co_funding_ratio = Decimal("1")


class ProgramApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Application

    topic = factory.SubFactory(TopicFactory)
    organization = factory.SubFactory(f.OrganizationFactory)
    region_path = factory.LazyAttribute(lambda o: o.organization.region_path)
    title = factory.LazyAttribute(lambda o: f"{o.organization.name}电驱动系统研发")
    leader_name = "张三"
    leader_identifier = factory.Sequence(lambda n: f"22010219800101{n:04d}")
    status = ProgramApplicationStatus.DRAFT


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Project

    application = factory.SubFactory(ProgramApplicationFactory, status=ProgramApplicationStatus.ISSUED)
    code = factory.Sequence(lambda n: f"2026ZD{n:04d}")
    starts_on = dt.date(2026, 7, 1)
    ends_on = dt.date(2029, 6, 30)


class TaskContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.TaskContract

    project = factory.SubFactory(ProjectFactory)
    goals = "研制车规级功率芯片。"


class ProjectReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.ProgressReport

    project = factory.SubFactory(ProjectFactory)
    kind = "annual"
    year = 2026
    content = "完成样片流片。"


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.ChangeRequest

    project = factory.SubFactory(ProjectFactory)
    kind = "extension"
    reason = "设备延迟到货"
    payload = factory.LazyFunction(lambda: {"months": 6, "ends_on": "2029-12-30"})
    summary = "延期6个月"


class ProgramBudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.BudgetLine

    application = factory.SubFactory(ProgramApplicationFactory)
    category = "equipment"
    special_funds = Decimal("80")
    self_funds = Decimal("80")


class ProgramIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.IndicatorLine

    application = factory.SubFactory(ProgramApplicationFactory)
    text = "申请发明专利"
    quantity = Decimal("3")
    unit = "项"


# ----------------------------------------------------------------------------------------------- portal


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """A draft announcement of 长春市科学技术局."""

    class Meta:
        model = Announcement

    department = factory.SubFactory(f.DepartmentFactory)
    title = factory.Sequence(lambda n: f"关于组织申报科技计划项目的通知{n}")
    body = "各有关单位：现将有关事项通知如下。"
