"""查重: rules guarded — a near copy of another application of the year or of a past project is flagged
with the passages both share; unrelated or draft texts are not; a re-run keeps officers' verdicts and drops
unreviewed pairs no longer found; excluding a flag needs the reason; only the call's department runs it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.matching.neardup import coverage, grams, shared_passages
from kechuang.programs import services
from kechuang.programs.duplicates import Text, find_duplicates
from kechuang.programs.models import DuplicateFlag
from tests import app_factories as af

pytestmark = pytest.mark.django_db

BASE = (
    "本项目面向寒地玉米生产，研发基于土壤养分快速检测的变量施肥决策模型，集成北斗导航的智能施肥机具，"
    "在吉林省中部黑土区建立示范基地三处，实现化肥减量百分之十五以上并保持产量稳定。"
)
REWRITTEN = (
    "在吉林省中部黑土区建立示范基地三处，实现化肥减量百分之十五以上并保持产量稳定。本项目面向寒地玉米生产，"
    "研发基于土壤养分快速检测的变量施肥决策模型，集成北斗导航的智能施肥装备。"
)
OTHER = (
    "研制面向光通信的高功率半导体激光器芯片封装工艺，突破热沉键合与光纤耦合关键技术，良率达到百分之九十五。"
)


def test_detector_finds_a_reordered_rewrite_and_its_passages():
    assert coverage(grams(BASE), grams(REWRITTEN)) > 0.8
    assert coverage(grams(BASE), grams(OTHER)) < 0.1
    passages = shared_passages(BASE, REWRITTEN)
    assert [p[:11] for p in passages] == [
        "本项目面向寒地玉米生产",
        "在吉林省中部黑土区建立",
    ]  # both, though reordered
    pairs = find_duplicates(
        [Text("a:1", BASE), Text("a:2", OTHER), Text("a:3", REWRITTEN)], [Text("p:9", OTHER)]
    )
    assert [(p.key, p.other) for p in pairs] == [("a:2", "p:9"), ("a:3", "a:1")]  # most alike first


def _science(cast):  # type: ignore[no-untyped-def]
    return cast.officer.officer_assignments.get().department


@pytest.fixture
def call(cast):  # type: ignore[no-untyped-def]
    return af.ProgramCallFactory(program_type=af.ProgramTypeFactory(department=_science(cast)), year=2026)


def test_check_against_the_year_and_past_projects_then_verdicts_survive_a_rerun(cast, call):
    topic = af.TopicFactory(call=call)
    mine = af.ProgramApplicationFactory(
        topic=topic, organization=cast.org, status="submitted", summary=REWRITTEN
    )
    af.ProgramApplicationFactory(topic=topic, status="draft", summary=BASE)  # drafts are not compared
    old_call = af.ProgramCallFactory(program_type=call.program_type, year=2023)
    past = af.ProjectFactory(
        application__topic=af.TopicFactory(call=old_call), application__summary=BASE, code="2023ZD0001"
    ).application
    summary = services.duplicate_check(call=call, actor=cast.officer)
    assert summary == {"applications": 1, "flags": 1, "new": 1, "dropped": 0}
    flag = DuplicateFlag.objects.get()
    assert (flag.application_id, flag.other_id) == (mine.pk, past.pk) and flag.similarity > Decimal("0.8")
    assert AuditRecord.objects.filter(action="programs.duplicate_check").count() == 1

    with pytest.raises(ApplicationError, match="写明理由"):
        services.duplicate_flag_decide(flag=flag, actor=cast.officer, decision="cleared")
    services.duplicate_flag_decide(
        flag=flag, actor=cast.officer, decision="cleared", note="系往年项目的延续研究"
    )
    again = services.duplicate_check(call=call, actor=cast.officer)
    assert again["new"] == 0 and again["flags"] == 1
    flag.refresh_from_db()
    assert flag.decision == "cleared" and flag.note == "系往年项目的延续研究"

    mine.summary = OTHER
    mine.save(update_fields=["summary"])
    third = af.ProgramApplicationFactory(
        topic=topic, status="submitted", summary="全新的不同内容" + OTHER[:10]
    )
    del third
    services.duplicate_check(call=call, actor=cast.officer)
    assert DuplicateFlag.objects.filter(pk=flag.pk).exists()  # a verdict is kept even when the pair is gone


def test_unreviewed_pairs_no_longer_found_are_dropped(cast, call):
    topic = af.TopicFactory(call=call)
    a = af.ProgramApplicationFactory(topic=topic, status="submitted", summary=BASE)
    b = af.ProgramApplicationFactory(topic=topic, status="submitted", summary=REWRITTEN)
    services.duplicate_check(call=call, actor=cast.officer)
    assert DuplicateFlag.objects.filter(application=b, other=a).exists()
    b.summary = OTHER
    b.save(update_fields=["summary"])
    assert services.duplicate_check(call=call, actor=cast.officer)["dropped"] == 1
    assert not DuplicateFlag.objects.exists()


def test_only_the_calls_department_runs_it(cast, call):
    for outsider in (cast.other_officer, cast.org_admin):
        with pytest.raises(ApplicationError, match="无权"):
            services.duplicate_check(call=call, actor=outsider)
