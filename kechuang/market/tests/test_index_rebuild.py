"""Rebuilding the matching indexes from the database: ``services.search_index_rebuild`` and
``manage.py market_index --rebuild``."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import call_command

from kechuang.core.audit import audit_verify
from kechuang.core.models import AuditRecord, JobRun
from kechuang.market import search, services
from kechuang.market.choices import AchievementStatus
from kechuang.market.models import Achievement
from kechuang.matching import IndexCorruptError
from kechuang.registry.models import Expert

from .conftest import achievement_data, demand_data

pytestmark = pytest.mark.django_db

QUERIES = {
    # each query's best five are one group of five equal texts (their order among themselves is a tie)
    "achievements": ["富营养化", "锂电池正极", "深度学习 缺陷检测", "秸秆发电"],
    "demands": ["镁合金 轻量化", "秸秆发电"],
    "experts": ["镁合金", "水稻育种"],
}


@pytest.fixture
def market(cast, background, published, university, uni_admin):
    """Public and non-public rows of all three kinds; returns the pks that must not be indexed."""
    hidden: dict[str, list[int]] = {"achievements": [], "demands": [], "experts": []}
    draft = services.achievement_create(
        actor=uni_admin, owner=university, data=achievement_data(title="草稿成果")
    )
    withdrawn = services.achievement_create(
        actor=uni_admin, owner=university, data=achievement_data(title="撤回成果")
    )
    services.achievement_submit(achievement=withdrawn, actor=uni_admin)
    services.achievement_review(achievement=withdrawn, actor=cast.officer, approve=True)
    services.achievement_withdraw(achievement=withdrawn, actor=uni_admin)
    hidden["achievements"] += [draft.pk, withdrawn.pk]

    services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    services.demand_create(
        actor=cast.org_admin,
        owner=cast.org,
        data=demand_data(title="秸秆发电设备需求", problem="需要玉米秸秆直燃发电技术。", keywords=["秸秆"]),
        publish=True,
    )
    closed = services.demand_create(
        actor=cast.org_admin, owner=cast.org, data=demand_data(title="已关闭的需求"), publish=True
    )
    services.demand_close(demand=closed, actor=cast.org_admin)
    draft_demand = services.demand_create(
        actor=cast.org_admin, owner=cast.org, data=demand_data(title="草稿需求"), publish=False
    )
    hidden["demands"] += [closed.pk, draft_demand.pk]

    wang = Expert.objects.create(name="王教授", title="教授", organization=university)
    services.expert_profile_set(expert=wang, actor=cast.admin, keywords=["镁合金", "压铸"], bio="镁合金成形")
    zhao = Expert.objects.create(name="赵研究员", title="研究员")
    services.expert_profile_set(expert=zhao, actor=cast.admin, keywords=["水稻育种"], bio="作物遗传")
    retired = Expert.objects.create(name="钱研究员", title="研究员", is_active=False)
    services.expert_profile_set(expert=retired, actor=cast.admin, keywords=["镁合金"], bio="镁合金")
    no_profile = Expert.objects.create(name="孙工", title="工程师")
    hidden["experts"] += [retired.pk, no_profile.pk]
    return hidden


def results() -> dict[str, list[set[str]]]:
    return {
        kind: [{h.id for h in search.get_index(kind).search(q, k=5)} for q in queries]
        for kind, queries in QUERIES.items()
    }


def test_a_lost_or_damaged_index_is_rebuilt_with_the_same_results(market, settings):
    before = results()
    assert all(hits for groups in before.values() for hits in groups)
    assert len(before["achievements"][0]) == 5
    sizes = {kind: len(search.get_index(kind)) for kind in search.KINDS}
    root = settings.MATCHING_INDEX_DIR
    shutil.rmtree(root / "achievements")  # lost
    (root / "demands" / "manifest.json").write_text("{not json", encoding="utf-8")  # damaged
    search.reset_cache()
    assert len(search.get_index("achievements")) == 0  # a lost directory reads as an empty index
    with pytest.raises(IndexCorruptError, match="market_index --rebuild --kind demands"):
        search.get_index("demands")
    with pytest.raises(IndexCorruptError):  # not cached: tried again, still damaged
        search.get_index("demands")

    runs = services.search_index_rebuild()

    assert [r.subject for r in runs] == list(search.KINDS)
    assert results() == before
    assert {kind: len(search.get_index(kind)) for kind in search.KINDS} == sizes
    assert runs[1].result["previous_index_id"] is None  # the damaged one
    assert runs[2].result["previous_index_id"] is not None
    assert not [p.name for p in root.iterdir() if ".rebuild-" in p.name or ".old-" in p.name]


def test_only_public_rows_are_indexed(market):
    # a published row the index missed and a stale entry of a row that is no longer public
    missed = Achievement.objects.filter(status=AchievementStatus.PUBLISHED).first()
    assert missed is not None
    search.get_index("achievements").delete([str(missed.pk)])
    Achievement.objects.filter(pk=market["achievements"][0]).update(status=AchievementStatus.EXPIRED)
    stale = Achievement.objects.filter(status=AchievementStatus.PUBLISHED).last()
    assert stale is not None and stale.pk != missed.pk
    Achievement.objects.filter(pk=stale.pk).update(status=AchievementStatus.EXPIRED)
    assert str(stale.pk) in search.get_index("achievements")

    services.search_index_rebuild()

    published = {
        str(pk) for pk in Achievement.objects.filter(status="published").values_list("pk", flat=True)
    }
    index = search.get_index("achievements")
    assert len(index) == len(published) and all(pk in index for pk in published)
    assert str(missed.pk) in index and str(stale.pk) not in index
    for kind, pks in market.items():
        assert pks and not any(str(pk) in search.get_index(kind) for pk in pks), kind
    assert len(search.get_index("demands")) == 2 and len(search.get_index("experts")) == 2


def test_a_reader_in_another_process_switches_to_the_rebuilt_index(market, settings):
    from kechuang.matching import MatchingIndex

    other = MatchingIndex(settings.MATCHING_INDEX_DIR / "demands", workers=1)  # as another process holds it
    old_id = other._store.index_id
    assert len(other) == 2
    (run,) = services.search_index_rebuild(kind="demands")
    assert run.result["previous_index_id"] == old_id != run.result["index_id"]
    other.refresh()
    assert other._store.index_id == run.result["index_id"] and len(other) == 2
    # a writer holding the old index writes into the rebuilt one
    other.delete([other.search("秸秆发电", k=1)[0].id])
    assert len(search.get_index("demands")) == 1


def test_rebuild_is_recorded_and_audited_as_a_system_job(market):
    (run,) = services.search_index_rebuild(kind="experts")
    assert run.job == "market.search_index_rebuild" and run.subject == "experts"
    assert run.result["documents"] == 2 and run.seconds == run.result["seconds"]
    stored = JobRun.objects.get(job="market.search_index_rebuild")
    assert stored.result["index_id"] == run.result["index_id"]
    record = AuditRecord.objects.get(action="market.search_index_rebuild", target_id=str(run.pk))
    assert record.actor is None and record.actor_label == "system"
    assert record.after["documents"] == 2
    assert audit_verify()[1] is None


def test_feedback_is_kept(market, cast):
    index = search.get_index("experts")
    doc_id = index.search("镁合金", k=1)[0].id
    index.record_feedback(doc_id=doc_id, useful=True, query="镁合金 压铸")
    (run,) = services.search_index_rebuild(kind="experts")
    assert run.result["feedback_events"] == 1
    assert len(search.get_index("experts").feedback_store) == 1


def test_command_rebuilds_and_prints_counts(market, settings):
    shutil.rmtree(settings.MATCHING_INDEX_DIR / "experts")
    search.reset_cache()
    out = io.StringIO()
    call_command("market_index", "--rebuild", "--kind", "experts", "--kind", "demands", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("experts: rebuilt from the database, 2 documents")
    assert lines[1].startswith("demands: rebuilt from the database, 2 documents")
    assert JobRun.objects.filter(job="market.search_index_rebuild").count() == 2
    out = io.StringIO()
    call_command("market_index", "--kind", "experts", stdout=out)
    assert json.loads(out.getvalue())["documents"] == 2


def test_command_rejects_rebuild_with_maintain(market):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("market_index", "--rebuild", "--maintain", stdout=io.StringIO())
    assert not JobRun.objects.exists()


def test_unknown_kind_writes_nothing(market):
    from kechuang.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="未知的检索索引"):
        services.search_index_rebuild(kind="patents")
    assert not JobRun.objects.filter(job="market.search_index_rebuild").exists()


def test_sync_does_not_fail_a_business_write_when_the_index_is_damaged(market, settings, cast):
    (settings.MATCHING_INDEX_DIR / "demands" / "manifest.json").write_text("x", encoding="utf-8")
    search.reset_cache()
    d = services.demand_create(
        actor=cast.org_admin, owner=cast.org, data=demand_data(title="新需求"), publish=True
    )
    assert d.status == "open"
    services.search_index_rebuild(kind="demands")
    assert str(d.pk) in search.get_index("demands")


def test_search_in_a_damaged_index_says_so_and_recovers_after_the_rebuild(market, settings, cast):
    from kechuang.core.errors import ApplicationError
    from kechuang.market import selectors

    (settings.MATCHING_INDEX_DIR / "achievements" / "manifest.json").write_text("x", encoding="utf-8")
    search.reset_cache()
    with pytest.raises(ApplicationError, match="检索服务暂时不可用"):
        selectors.achievement_search(user=cast.admin, query="富营养化")
    services.search_index_rebuild(kind="achievements")
    assert len(selectors.achievement_search(user=cast.admin, query="富营养化", k=5)) == 5
