"""Scheduled upkeep of the matching indexes: the service, the task and ``manage.py market_index``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from kechuang.core.audit import audit_verify
from kechuang.core.models import AuditRecord, JobRun
from kechuang.market import search, services
from kechuang.market.tasks import maintain_search_indexes
from kechuang.matching import Document
from kechuang.matching.index import SemanticPolicy

pytestmark = pytest.mark.django_db

NEW_WORDS = ["zorblax", "quintex", "plumbar", "vexilo", "trandor", "mirbok"]


def new_topic(n: int, prefix: str) -> list[Document]:
    return [
        Document(
            id=f"{prefix}{i}",
            title=" ".join(NEW_WORDS[i % 6 :][:3] or NEW_WORDS[:3]),
            abstract=" ".join(NEW_WORDS),
        )
        for i in range(n)
    ]


def test_maintenance_is_recorded_and_audited_as_a_system_job(background):
    runs = services.search_index_maintain()
    assert [r.subject for r in runs] == list(search.KINDS)
    achievements = JobRun.objects.get(job="market.search_index_maintain", subject="achievements")
    result = achievements.result
    # 25 achievements, one per add: the small index relearnt its space inline, so nothing is due
    assert (result["documents"], result["retrained"], result["reason"]) == (25, False, None)
    assert result["optimized"] is True and result["segments"][1] == 1
    assert result["drift_before"]["due"] is None
    record = AuditRecord.objects.get(action="market.search_index_maintain", target_id=str(achievements.pk))
    assert record.actor is None and record.actor_label == "system"
    assert record.after["optimized"] is True
    assert audit_verify()[1] is None
    # search still answers the same afterwards
    eutrophication = {str(a.pk) for a in background if "富营养化" in a.title}
    assert {h.id for h in search.get_index("achievements").search("富营养化", k=5)} == eutrophication


def test_the_space_is_relearnt_only_when_due(background):
    index = search.get_index("achievements")
    index.semantic_policy = SemanticPolicy(inline_max_docs=0)  # as a big index: add() never relearns
    added = index.stats()["semantic"]["added"]  # published since the space was learnt
    index.add(new_topic(20 - added - 1, "x"))
    (run,) = services.search_index_maintain(kinds=["achievements"])
    assert run.result["retrained"] is False and run.result["drift_before"]["added"] == 19
    index.add(new_topic(1, "y"))
    assert index.stats()["semantic"]["due"] == "changes"
    (run,) = services.search_index_maintain(kinds=["achievements"])
    assert run.result["retrained"] is True and run.result["reason"] == "changes"
    assert index.stats()["semantic"]["due"] is None
    (run,) = services.search_index_maintain(kinds=["achievements"], force_retrain=True)
    assert run.result["retrained"] is True and run.result["reason"] == "forced"


def test_task_runs_the_upkeep(background):
    result = maintain_search_indexes.enqueue(kinds=["achievements", "demands"], force_retrain=True)
    assert result.return_value["achievements"]["retrained"] is True
    assert result.return_value["demands"]["documents"] == 0  # an empty index: nothing to learn
    assert set(JobRun.objects.values_list("subject", flat=True)) == {"achievements", "demands"}


def test_command_prints_statistics_and_maintains(background):
    out = io.StringIO()
    call_command("market_index", "--kind", "achievements", stdout=out)
    stats = json.loads(out.getvalue())
    assert stats["index"] == "achievements" and stats["documents"] == 25
    assert stats["semantic"]["trained"] is True and "change_ratio" in stats["semantic"]
    out = io.StringIO()
    call_command("market_index", "--maintain", "--force-retrain", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and lines[0].startswith(
        "achievements: 25 documents, retrained=True (forced), optimized="
    )
    assert JobRun.objects.count() == 3
    out = io.StringIO()
    call_command("market_index", "--maintain", "--enqueue", "--kind", "experts", stdout=out)
    assert out.getvalue().startswith("maintain_search_indexes enqueued: ")
    assert JobRun.objects.filter(subject="experts").count() == 2  # the test backend runs it at once


def test_search_keeps_working_after_upkeep(cast, published, background):
    services.search_index_maintain(force_retrain=True)
    assert search.get_index("achievements").search("稀土镁合金压铸", k=3)[0].id == str(published.pk)
