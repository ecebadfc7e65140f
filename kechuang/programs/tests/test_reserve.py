"""The reserve library (储备项目库) and recommendations to higher-level programs (推荐 → 立项 / 未立项):
audited services with exact refusals, and the officers' and organizations' pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, StatusChange
from kechuang.core.permissions import restrict
from kechuang.programs import services
from kechuang.programs.models import HigherRecommendation, ReserveEntry
from tests import app_factories as af
from tests.pages import client_for

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _error(call, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as exc:
        call(**kw)
    return exc.value.message


def _app(cast, status):  # type: ignore[no-untyped-def]
    department = cast.officer.officer_assignments.get().department
    topic = af.TopicFactory(
        call=af.ProgramCallFactory(program_type=af.ProgramTypeFactory(department=department))
    )
    return af.ProgramApplicationFactory(topic=topic, organization=cast.org, status=status)


def test_a_not_funded_application_is_kept_with_year_and_reason_then_removed(cast):
    rejected = _app(cast, "rejected")
    entry = services.reserve_from_application(
        application=rejected,
        actor=cast.officer,
        year=YEAR + 1,
        reason="技术路线可行，经费不足未立项，明年优先支持。",
    )
    assert (entry.source, entry.status, entry.year, entry.organization) == (
        "not_funded",
        "reserved",
        YEAR + 1,
        cast.org,
    )
    assert AuditRecord.objects.filter(action="programs.reserve_add").exists()
    assert _error(services.reserve_from_application, application=rejected, actor=cast.officer, year=YEAR,
                  reason="再次") == "该项目申报已在储备项目库中。"  # fmt: skip
    assert _error(services.reserve_from_application, application=_app(cast, "issued"), actor=cast.officer,
                  year=YEAR, reason="理由") == "只有未立项的项目申报可以转入储备项目库。"  # fmt: skip
    assert _error(services.reserve_from_application, application=_app(cast, "rejected"), actor=cast.officer,
                  year=YEAR + 9, reason="理由") == f"储备年度应在{YEAR - 1}—{YEAR + 3}年之间。"  # fmt: skip
    assert _error(services.reserve_from_application, application=_app(cast, "rejected"), actor=cast.org_admin,
                  year=YEAR, reason="理由") == "您无权执行此操作。"  # fmt: skip
    assert _error(services.reserve_remove, entry=entry, actor=cast.officer, reason=" ") == "请填写出库理由。"
    removed = services.reserve_remove(entry=entry, actor=cast.officer, reason="已列入2027年度计划立项。")
    assert removed.status == "removed" and removed.removal_reason == "已列入2027年度计划立项。"
    assert StatusChange.objects.filter(to_status="removed").exists()
    assert "不能从" in _error(services.reserve_remove, entry=removed, actor=cast.officer, reason="再出库")


def test_an_organization_registers_a_candidate_and_sees_only_its_own(cast):
    department = cast.officer.officer_assignments.get().department
    af.ProgramTypeFactory(department=department)
    entry = services.reserve_register(
        organization=cast.org, department=department, actor=cast.org_admin, title="高纯稀土材料制备",
        summary="", year=YEAR + 1, reason="拟申报明年重点研发计划。",
    )  # fmt: skip
    assert entry.source == "registered"
    assert _error(services.reserve_register, organization=cast.other_org, department=department,
                  actor=cast.org_admin, title="x", summary="", year=YEAR,
                  reason="理由") == "只有本单位管理员可以登记候选项目。"  # fmt: skip
    assert list(restrict(ReserveEntry.objects.all(), cast.org_member, "view")) == [entry]
    assert list(restrict(ReserveEntry.objects.all(), cast.other_org_admin, "view")) == []
    assert list(restrict(ReserveEntry.objects.all(), cast.officer, "manage")) == [entry]
    assert (
        _error(services.reserve_remove, entry=entry, actor=cast.org_admin, reason="不需要了")
        == "您无权执行此操作。"
    )


def test_a_recommendation_upward_and_its_outcome(cast):
    issued = _app(cast, "issued")
    rec = services.higher_recommend(
        application=issued, actor=cast.officer, level="national", program_name="国家重点研发计划", year=YEAR
    )
    assert (rec.status, rec.get_level_display()) == ("recommended", "国家级")
    assert _error(services.higher_recommend, application=issued, actor=cast.officer, level="national",
                  program_name="国家重点研发计划", year=YEAR) == "该项目本年度已推荐到这一上级计划。"  # fmt: skip
    assert _error(services.higher_recommend, application=_app(cast, "submitted"), actor=cast.officer,
                  level="national", program_name="国家自然科学基金",
                  year=YEAR) == "项目申报已提交，待推荐，通过形式审查后才能向上级推荐。"  # fmt: skip
    assert _error(services.higher_outcome, recommendation=rec, actor=cast.officer, funded=False,
                  note="") == "请填写上级未立项的说明。"  # fmt: skip
    assert (
        _error(services.higher_outcome, recommendation=rec, actor=cast.org_admin, funded=True)
        == "您无权执行此操作。"
    )
    done = services.higher_outcome(recommendation=rec, actor=cast.officer, funded=True, note="科技部立项")
    assert done.status == "funded" and done.outcome_on is not None and done.decided_by == cast.officer
    assert AuditRecord.objects.filter(action="programs.higher_recommend").exists()
    assert "不能从" in _error(
        services.higher_outcome, recommendation=done, actor=cast.officer, funded=False, note="改"
    )


def test_pages_show_the_library_and_recommendations(cast):
    rejected = _app(cast, "rejected")
    officer = client_for(cast.officer)
    response = officer.post(reverse("programs:reserve_add"),
                            {"application": rejected.pk, "year": YEAR + 1, "reason": "明年优先支持"})  # fmt: skip
    assert response.status_code == 302 and ReserveEntry.objects.filter(application=rejected).exists()
    page = officer.get(reverse("programs:reserve_library")).content.decode()
    assert rejected.title in page and "未获立项的申报" in page and "出库" in page
    assert (
        rejected.title
        not in client_for(cast.other_org_admin).get(reverse("programs:reserve_library")).content.decode()
    )
    response = officer.post(reverse("programs:higher_recommend"), {"application": rejected.pk, "level": "national",
                            "program_name": "国家重点研发计划", "year": YEAR})  # fmt: skip
    rec = HigherRecommendation.objects.get(application=rejected)
    officer.post(reverse("programs:higher_outcome", args=[rec.pk]), {"funded": "0", "note": "未进入答辩"})
    page = officer.get(reverse("programs:higher_list")).content.decode()
    assert "国家重点研发计划" in page and "上级未立项" in page and "未进入答辩" in page
    assert client_for(cast.other_org_admin).post(reverse("programs:higher_outcome", args=[rec.pk]),
                                                 {"funded": "1"}).status_code == 404  # fmt: skip
