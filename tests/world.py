"""One world for the permission matrix: the cast of tests/fixtures.py and one object of each kind, built on
first use (a matrix row builds only what its URL needs).

Who is who (the matrix's roles, tests/matrix.py):

* ``own`` — whoever the row names: usually ``org_admin``/``org_member`` (长春光华微电子, 220102), the
  ``officer`` (长春市科学技术局, 220100) or ``expert_user`` (a reviewer on the panel);
* ``other_org`` — ``other_org_admin``: admin of another enterprise in the same district;
* ``other_region`` — ``district_officer``: the officer's own department (长春市科学技术局) but serving
  another region subtree, 朝阳区 (220104), which does not hold ``org`` (南关区, 220102);
* ``other_department`` — ``other_dept_officer``: 长春市工业和信息化局, the officer's region (长春市) but
  another department.

Region and department thus vary one at a time (issue 19: a rule that forgot its region condition, or its
department condition, fails a row).
* ``norole`` — signed in, no role; ``anonymous`` — not signed in.

Everything the officer's department runs (schemes, panels, plans, the carrier) belongs to 长春市科学技术局;
everything an organization owns belongs to ``org``. Third parties (``third_org``, a university) take part
where a thing needs two organizations, so that ``other_org`` stays a stranger.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kechuang.core.models import Notification
from kechuang.market import search
from kechuang.recognition.choices import ApplicationStatus, CallStatus
from kechuang.recognition.models import ApplicationAttachment, Certificate
from kechuang.registry.choices import DepartmentKind, MembershipRole, VerificationStatus
from kechuang.registry.models import Department, Invitation, Region
from kechuang.review.choices import PanelStatus
from tests import app_factories as af
from tests import factories as f


class World:
    def __init__(self, cast: Any) -> None:
        self.cast = cast

    # ------------------------------------------------------------------------------------------ people

    def user(self, name: str) -> Any:
        """A cast member or a world user by name; ``anonymous`` is None."""
        if name == "anonymous":
            return None
        if hasattr(self.cast, name):
            return getattr(self.cast, name)
        return getattr(self, name)

    @cached_property
    def science(self) -> Department:
        """长春市科学技术局: the ``officer``'s department."""
        return self.cast.officer.officer_assignments.get().department

    @cached_property
    def district_officer(self) -> Any:
        return f.OfficerFactory(
            user__username="district_officer",
            department=self.science,
            region=Region.objects.get(code="220104"),
        ).user

    @cached_property
    def spare_officer_assignment(self) -> Any:
        """A second officer of 长春市科学技术局, whose term a platform admin may end."""
        return f.OfficerFactory(user__username="spare_officer", department=self.science)

    @cached_property
    def other_dept_officer(self) -> Any:
        industry = f.DepartmentFactory(
            region=Region.objects.get(code="220100"),
            kind=DepartmentKind.INDUSTRY_IT,
            name="长春市工业和信息化局",
        )
        return f.OfficerFactory(user__username="other_dept_officer", department=industry).user

    @cached_property
    def third_org(self) -> Any:
        return f.OrganizationFactory(
            name="吉林测试大学", kind="university", region=Region.objects.get(code="220104")
        )

    @cached_property
    def third_admin(self) -> Any:
        return f.MembershipFactory(organization=self.third_org, user__username="third_admin").user

    # ---------------------------------------------------------------------------- registry, accounts, core

    @cached_property
    def statistics(self) -> Any:
        return f.StatisticsFactory(organization=self.cast.org, year=2025)

    @cached_property
    def pending_org(self) -> Any:
        return f.OrganizationFactory(
            name="待核验科技有限公司", verification_status=VerificationStatus.PENDING
        )

    @cached_property
    def park(self) -> Any:
        park = f.ParkFactory(name="长春光电产业园")
        park.memberships.create(organization=self.cast.org)
        return park

    @cached_property
    def invitation(self) -> Invitation:
        return Invitation.objects.create(
            organization=self.cast.org,
            email="new@example.cn",
            role=MembershipRole.MEMBER,
            token="tok-" + "x" * 40,
            invited_by=self.cast.org_admin,
            expires_at=timezone.now() + dt.timedelta(days=3),
        )

    @cached_property
    def member_membership(self) -> Any:
        return self.cast.org.memberships.get(user=self.cast.org_member)

    @cached_property
    def notification(self) -> Notification:
        return Notification.objects.create(recipient=self.cast.org_admin, title="仅本人可见")

    # --------------------------------------------------------------------------------------------- carriers

    @cached_property
    def carrier(self) -> Any:
        carrier = af.CarrierFactory(name="光华重点实验室", responsible_department=self.science)
        af.CarrierHostFactory(carrier=carrier, organization=self.cast.org)
        return carrier

    @cached_property
    def workstation(self) -> Any:
        """A postdoctoral workstation led by ``org`` (its admin records entries and exits)."""
        carrier = af.CarrierFactory(
            name="光华博士后科研工作站", kind="postdoc_workstation", responsible_department=self.science
        )
        af.CarrierHostFactory(carrier=carrier, organization=self.cast.org)
        return carrier

    @cached_property
    def resident(self) -> Any:
        """A postdoctoral researcher in station at ``workstation``."""
        return af.ResidentFactory(carrier=self.workstation, name="李明远", identifier="BSH202400123")

    @cached_property
    def other_carrier(self) -> Any:
        """A second carrier of the same department, to merge ``carrier`` into."""
        carrier = af.CarrierFactory(name="光华工程中心", responsible_department=self.science)
        af.CarrierHostFactory(carrier=carrier, organization=self.cast.org)
        return carrier

    @cached_property
    def alliance(self) -> Any:
        alliance = af.AllianceFactory(name="长春光电产业技术创新联盟", lead=self.cast.org)
        af.AllianceMemberFactory(alliance=alliance, organization=self.cast.org, role="lead")
        return alliance

    # ------------------------------------------------------------------------------------------ recognition

    @cached_property
    def scheme(self) -> Any:
        return af.SchemeFactory(department=self.science)

    @cached_property
    def call(self) -> Any:
        return af.CallFactory(scheme=self.scheme, year=2026)

    @cached_property
    def draft_call(self) -> Any:
        return af.CallFactory(scheme=self.scheme, year=2027, status=CallStatus.DRAFT)

    @cached_property
    def application(self) -> Any:
        """``org``'s draft application to ``call``."""
        return af.ApplicationFactory(call=self.call, organization=self.cast.org)

    @cached_property
    def attachment(self) -> ApplicationAttachment:
        return ApplicationAttachment.objects.create(
            application=self.application,
            title="营业执照",
            file=SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
            size=13,
            uploaded_by=self.cast.org_admin,
        )

    @cached_property
    def past_call(self) -> Any:
        return af.CallFactory(scheme=self.scheme, year=2025, status=CallStatus.CLOSED)

    @cached_property
    def publicity_application(self) -> Any:
        """``org``'s application of last year's call, now in publicity (objections may be lodged)."""
        today = timezone.localdate()
        return af.ApplicationFactory(
            call=self.past_call,
            organization=self.cast.org,
            status=ApplicationStatus.PUBLICITY,
            publicity_starts_on=today - dt.timedelta(days=1),
            publicity_ends_on=today + dt.timedelta(days=6),
        )

    @cached_property
    def objection(self) -> Any:
        return af.ObjectionFactory(application=self.publicity_application)

    @cached_property
    def recognised_application(self) -> Any:
        """``org``'s recognised application of an earlier call, with its certificate."""
        call = af.CallFactory(scheme=self.scheme, year=2024, status=CallStatus.ARCHIVED)
        application = af.ApplicationFactory(
            call=call, organization=self.cast.org, status=ApplicationStatus.RECOGNISED
        )
        Certificate.objects.create(
            application=application,
            number="长科认〔2024〕001号",
            verification_code="MTRX-2024-ABCD-EFGH",
            issued_on=dt.date(2024, 12, 1),
            valid_until=dt.date(2027, 11, 30),
        )
        return application

    # ----------------------------------------------------------------------------------------------- review

    @cached_property
    def expert_user(self) -> Any:
        return self.expert.user

    @cached_property
    def expert(self) -> Any:
        return af.ExpertFactory(user__username="expert_user", organization=self.third_org)

    @cached_property
    def pool_expert(self) -> Any:
        """An expert of 南关区 (220102) with no account: managed by the ``officer`` (长春市, any department
        there), not by the district officer of 朝阳区."""
        return af.ExpertFactory(
            user=None, name="钱研究员", organization=None, region=Region.objects.get(code="220102")
        )

    @cached_property
    def panel(self) -> Any:
        return af.PanelFactory(owner=self.call, department=self.science, status=PanelStatus.SCORING)

    @cached_property
    def assignment(self) -> Any:
        application = af.ApplicationFactory(
            call=self.call, organization=self.cast.other_org, status=ApplicationStatus.EXPERT_REVIEW
        )
        item = af.PanelItemFactory(panel=self.panel, subject=application)
        return af.ReviewAssignmentFactory(item=item, expert=self.expert)

    # --------------------------------------------------------------------------------------------- policies

    @cached_property
    def document(self) -> Any:
        return af.PolicyDocumentFactory()

    @cached_property
    def measure(self) -> Any:
        """A published measure of the officer's department (no region of its own)."""
        return af.MeasureFactory(document=self.document, department=self.science)

    @cached_property
    def rule_version(self) -> Any:
        return af.MeasureRuleVersionFactory(measure=self.measure)

    @cached_property
    def claim(self) -> Any:
        """``org``'s draft claim on ``measure``."""
        return af.ClaimFactory(measure=self.measure, organization=self.cast.org)

    @cached_property
    def submitted_claim(self) -> Any:
        """``org``'s submitted claim on another measure of the officer's department."""
        measure = af.MeasureFactory(document=self.document, department=self.science)
        return af.ClaimFactory(
            measure=measure, organization=self.cast.org, status="submitted", amount_requested=100000
        )

    @cached_property
    def approved_claim(self) -> Any:
        return self.new_approved_claim()

    @cached_property
    def automatic_measure(self) -> Any:
        """A 免申即享 measure of the officer's department."""
        return af.MeasureFactory(document=self.document, department=self.science, mode="automatic")

    def new_approved_claim(self) -> Any:
        """A new approved claim of ``org`` (100,000 元 approved, on a measure of its own), waiting to be paid."""
        measure = af.MeasureFactory(document=self.document, department=self.science)
        return af.ClaimFactory(
            measure=measure,
            organization=self.cast.org,
            status="approved",
            amount_requested=100000,
            amount_approved=100000,
        )

    # ---------------------------------------------------------------------------------------------- targets

    @cached_property
    def plan(self) -> Any:
        return af.PlanFactory(department=self.science)

    @cached_property
    def draft_plan(self) -> Any:
        """A plan its managers are still previewing (with one indicator, so it may be published)."""
        plan = af.PlanFactory(
            department=self.science, status="draft", title="2027年长春市科技创新工作要点（草稿）"
        )
        af.IndicatorFactory(plan=plan, lead_unit=self.science)
        return plan

    @cached_property
    def indicator(self) -> Any:
        return af.IndicatorFactory(plan=self.plan, lead_unit=self.science)

    @cached_property
    def task(self) -> Any:
        return af.TaskFactory(plan=self.plan, lead_unit=self.science)

    @cached_property
    def report(self) -> Any:
        return af.ProgressReportFactory(
            task=self.task, department=self.science, submitted_by=self.cast.officer
        )

    # ----------------------------------------------------------------------------------------------- market

    @cached_property
    def achievement(self) -> Any:
        """``org``'s published achievement (in the search index, as publishing puts it)."""
        achievement = af.AchievementFactory(owner=self.cast.org, created_by=self.cast.org_admin)
        search.sync_achievement(achievement)
        return achievement

    def new_achievement(self) -> Any:
        """Another published achievement of ``org`` (for a write each role may make once)."""
        return af.AchievementFactory(owner=self.cast.org, created_by=self.cast.org_admin)

    @cached_property
    def draft_achievement(self) -> Any:
        return af.AchievementFactory(
            owner=self.cast.org, status="draft", published_at=None, expires_on=None, title="草稿成果"
        )

    @cached_property
    def submitted_achievement(self) -> Any:
        return af.AchievementFactory(
            owner=self.cast.org, status="submitted", published_at=None, expires_on=None, title="待审成果"
        )

    @cached_property
    def demand(self) -> Any:
        """``org``'s open demand."""
        return af.DemandFactory(owner=self.cast.org, created_by=self.cast.org_admin)

    @cached_property
    def contact(self) -> Any:
        """A contact request from ``third_org`` about ``org``'s achievement."""
        self.third_admin  # noqa: B018  (the third organization has its admin)
        return af.ContactFactory(
            achievement=self.achievement, from_org=self.third_org, from_user=self.third_admin
        )

    @cached_property
    def event(self) -> Any:
        """A published matchmaking event organised by ``org`` in 南关区."""
        return af.EventFactory(organizer=self.cast.org, created_by=self.cast.org_admin)

    @cached_property
    def registration(self) -> Any:
        """``org``'s registration for ``third_org``'s event."""
        event = af.EventFactory(organizer=self.third_org, title="吉林大学成果发布会")
        return af.EventRegistrationFactory(event=event, organization=self.cast.org, user=self.cast.org_admin)

    @cached_property
    def third_event(self) -> Any:
        """A published event organised by ``third_org``, open for registration."""
        return af.EventFactory(organizer=self.third_org, title="吉林大学成果路演")

    def new_draft_event(self) -> Any:
        """A new draft event of ``org`` (for a write each role may make once)."""
        return af.EventFactory(
            organizer=self.cast.org,
            title="筹备中的对接会",
            status="draft",
            published_at=None,
            created_by=self.cast.org_admin,
        )

    @cached_property
    def outcome(self) -> Any:
        return af.EventOutcomeFactory(event=self.event)

    @cached_property
    def contract(self) -> Any:
        """A technology contract: ``org`` sells to ``third_org``, registered in 南关区."""
        return af.TechContractFactory(seller=self.cast.org, buyer=self.third_org)

    @cached_property
    def saved_search(self) -> Any:
        return af.SavedSearchFactory(user=self.cast.org_admin)

    # ---------------------------------------------------------------------------------------------- quality

    def _complaint(self, **kwargs: Any) -> Any:
        return af.ComplaintFactory(
            lodged_by=self.cast.org_admin, lodging_organization=self.cast.org, **kwargs
        )

    @cached_property
    def complaint(self) -> Any:
        """Lodged by ``org_admin`` for ``org`` in 南关区, not yet assigned."""
        return self._complaint(subject="未交办的投诉")

    @cached_property
    def assigned_complaint(self) -> Any:
        """Assigned to the officer's department (长春市科学技术局)."""
        return self._complaint(subject="已交办的投诉", status="assigned", department=self.science)

    @cached_property
    def answered_complaint(self) -> Any:
        return self._complaint(
            subject="已答复的投诉", status="answered", department=self.science, answer="已责令整改。"
        )

    @cached_property
    def patent(self) -> Any:
        """A valid invention patent in ``org``'s register."""
        return af.PatentFactory(organization=self.cast.org, title="一种光电探测器芯片")

    @cached_property
    def trademark(self) -> Any:
        return af.TrademarkFactory(organization=self.cast.org, name="启明")

    @cached_property
    def ip_event(self) -> Any:
        """A 4.26 宣传周 event organised by ``org`` in 南关区."""
        return af.QualityEventFactory(organiser=self.cast.org)

    # ------------------------------------------------------------------------------------------- resources

    @cached_property
    def instrument(self) -> Any:
        """An instrument of ``third_org`` (a university; ``third_admin`` approves its bookings)."""
        self.third_admin  # noqa: B018  (the owner's admin exists before anyone asks)
        return af.InstrumentFactory(owner=self.third_org, name="场发射扫描电子显微镜")

    @cached_property
    def booking(self) -> Any:
        """``org``'s request for a slot of ``instrument``."""
        return af.BookingFactory(
            instrument=self.instrument, organization=self.cast.org, requested_by=self.cast.org_admin
        )

    @cached_property
    def used_booking(self) -> Any:
        """``org``'s used booking of ``instrument`` (fee 2,000元), not yet paid by a voucher."""
        return af.BookingFactory(
            instrument=self.instrument,
            organization=self.cast.org,
            requested_by=self.cast.org_admin,
            status="used",
            fee=Decimal("2000"),
        )

    @cached_property
    def voucher_scheme(self) -> Any:
        return af.VoucherSchemeFactory(department=self.science)

    @cached_property
    def voucher(self) -> Any:
        """``org``'s voucher of the officer's department's scheme."""
        return af.VoucherFactory(
            scheme=self.voucher_scheme, enterprise=self.cast.org, issued_by=self.cast.officer
        )

    @cached_property
    def agency_admin(self) -> Any:
        """The admin of ``agency``'s organization (a testing center in 长春)."""
        return f.MembershipFactory(organization=self.agency.organization, user__username="agency_admin").user

    @cached_property
    def agency(self) -> Any:
        return af.ServiceAgencyFactory(organization__name="长春测试检验检测中心")

    @cached_property
    def agency_service(self) -> Any:
        return af.AgencyServiceFactory(agency=self.agency, name="金属材料力学性能检测")

    @cached_property
    def service_order(self) -> Any:
        """``org``'s order of ``agency_service``, awaiting the agency."""
        self.agency_admin  # noqa: B018  (the agency's admin exists before anyone asks)
        return af.ServiceOrderFactory(
            service=self.agency_service, enterprise=self.cast.org, requested_by=self.cast.org_admin
        )

    @cached_property
    def delivered_order(self) -> Any:
        """``org``'s delivered order (fee 1,600元), not yet paid by a voucher."""
        return af.ServiceOrderFactory(
            service=self.agency_service,
            enterprise=self.cast.org,
            requested_by=self.cast.org_admin,
            status="delivered",
            fee=Decimal("1600"),
        )

    @cached_property
    def accepted_order(self) -> Any:
        """``org``'s order of ``agency_service`` that the agency accepted and is serving."""
        self.agency_admin  # noqa: B018  (the agency's admin exists before anyone asks)
        return af.ServiceOrderFactory(
            service=self.agency_service,
            enterprise=self.cast.org,
            requested_by=self.cast.org_admin,
            status="accepted",
        )

    @cached_property
    def home_university(self) -> Any:
        """A university in 朝阳区 (220102, outside the district officer's 220104), home of commissioners."""
        return f.OrganizationFactory(name="长春测试理工大学", kind="university")

    @cached_property
    def candidate(self) -> Any:
        """A member of ``home_university`` not yet in the commissioner pool."""
        return f.MembershipFactory(organization=self.home_university, user__username="candidate").user

    @cached_property
    def commissioner_user(self) -> Any:
        """The commissioner of ``dispatch``."""
        return self.dispatch.commissioner.user

    @cached_property
    def dispatch(self) -> Any:
        """A commissioner of ``home_university`` sent to ``org`` by the officer."""
        commissioner = af.CommissionerFactory(home=self.home_university, user__username="commissioner")
        return af.DispatchFactory(
            commissioner=commissioner, organization=self.cast.org, dispatched_by=self.cast.officer
        )

    @cached_property
    def worklog(self) -> Any:
        """The commissioner's log at ``org``, awaiting ``org``'s confirmation."""
        return af.WorkLogFactory(dispatch=self.dispatch)

    @cached_property
    def voucher_application(self) -> Any:
        """``org``'s waiting application for a voucher of the officer's department's scheme."""
        return af.VoucherApplicationFactory(
            scheme=self.voucher_scheme, enterprise=self.cast.org, applicant=self.cast.org_admin
        )

    @cached_property
    def redemption(self) -> Any:
        """A claimed redemption of ``voucher`` (provider ``third_org``), awaiting the officer."""
        booking = af.BookingFactory(
            instrument=self.instrument, organization=self.cast.org, status="used", fee=Decimal("3000")
        )
        return af.RedemptionFactory(
            voucher=self.voucher,
            booking=booking,
            provider=self.third_org,
            amount=Decimal("1500"),
            status="claimed",
        )

    # --------------------------------------------------------------------------------------------- programs

    @cached_property
    def program_call(self) -> Any:
        """A published 2026 call of the ``officer``'s department (长春市科学技术局)."""
        return af.ProgramCallFactory(program_type=af.ProgramTypeFactory(department=self.science))

    @cached_property
    def program_draft_call(self) -> Any:
        return af.ProgramCallFactory(program_type=self.program_call.program_type, status="draft", year=2027)

    @cached_property
    def program_topic(self) -> Any:
        return af.TopicFactory(call=self.program_call)

    @cached_property
    def program_application(self) -> Any:
        """``org``'s complete draft (80万元 asked, 80万元 自筹, budget and an indicator): it may be submitted."""
        application = af.ProgramApplicationFactory(
            topic=self.program_topic, organization=self.cast.org, requested_funds=80, self_funds=80
        )
        af.ProgramBudgetLineFactory(application=application, special_funds=80, self_funds=80)
        af.ProgramIndicatorFactory(application=application)
        return application

    @cached_property
    def program_submitted_application(self) -> Any:
        return af.ProgramApplicationFactory(
            topic=self.program_topic, organization=self.cast.org, status="submitted", title="已提交的项目"
        )
