"""Programs: the reserve library (储备项目库: the department's officers, whatever region they serve, manage
it; an organization sees its own entries and its admins register candidates) and recommendations to
higher-level programs (the officers who decide on the application)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kechuang.programs.models import HigherRecommendation, ReserveEntry
from tests import app_factories as af
from tests.matrix import LOGIN, SIGNED_IN, Row, department, only_own


def _once(w: Any, name: str, build: Any) -> Any:
    key = f"_reserve_{name}"
    if key not in w.__dict__:
        w.__dict__[key] = build(w)
    return w.__dict__[key]


def _app(w: Any, name: str, status: str) -> Any:
    return _once(
        w,
        name,
        lambda w: af.ProgramApplicationFactory(topic=w.program_topic, organization=w.cast.org, status=status),
    )


def _entry(w: Any) -> ReserveEntry:
    def build(w: Any) -> ReserveEntry:
        app = af.ProgramApplicationFactory(topic=w.program_topic, organization=w.cast.org, status="rejected")
        return ReserveEntry.objects.create(
            department=w.science, organization=w.cast.org, application=app, source="not_funded",
            title=app.title, year=2027, reason="明年支持",
        )  # fmt: skip

    return _once(w, "entry", build)


def _recommendation(w: Any) -> HigherRecommendation:
    return _once(
        w, "rec",
        lambda w: HigherRecommendation.objects.create(
            application=_app(w, "issued", "issued"), level="national", program_name="国家重点研发计划",
            year=2026, recommended_on=dt.date(2026, 5, 1),
        ),
    )  # fmt: skip


ROWS = [
    Row("programs:reserve_library", SIGNED_IN, why="each sees its own scope (none: empty)"),
    Row("programs:higher_list", SIGNED_IN, why="each sees its own scope (none: empty)"),
    Row(
        "programs:reserve_add",
        only_own(302),
        own="officer",
        method="POST",
        data=lambda w: {
            "application": _app(w, "rejected", "rejected").pk,
            "year": 2027,
            "reason": "明年支持",
        },
        effect=lambda w: ReserveEntry.objects.filter(application=_app(w, "rejected", "rejected")).exists(),
        why="the officers who decide on the application (a hidden one is a 404)",
    ),
    Row(
        "programs:reserve_register",
        (LOGIN, 302, 302, 302, 302, 302),
        own="org_admin",
        method="POST",
        data=lambda w: {
            "organization": w.cast.org.pk,
            "department": w.program_call.program_type.department_id,
            "title": "候选项目",
            "summary": "",
            "year": 2027,
            "reason": "拟申报",
        },
        effect=lambda w: ReserveEntry.objects.filter(title="候选项目").exists(),
        why="the organization's admin only; anyone else is refused with a message",
    ),
    Row(
        "programs:reserve_remove",
        department(302),
        own="officer",
        kwargs=lambda w: {"pk": _entry(w).pk},
        method="POST",
        data=lambda w: {"reason": "已立项"},
        effect=lambda w: ReserveEntry.objects.get(pk=_entry(w).pk).status == "removed",
        writers=frozenset({"other_region", "own"}),
        why="the entry's department's officers, whatever region they serve",
    ),
    Row(
        "programs:higher_recommend",
        only_own(302),
        own="officer",
        method="POST",
        data=lambda w: {
            "application": _app(w, "issued2", "issued").pk,
            "level": "national",
            "program_name": "国家重点研发计划",
            "year": 2026,
        },
        effect=lambda w: HigherRecommendation.objects.filter(
            application=_app(w, "issued2", "issued")
        ).exists(),
    ),
    Row(
        "programs:higher_outcome",
        only_own(302),
        own="officer",
        kwargs=lambda w: {"pk": _recommendation(w).pk},
        method="POST",
        data=lambda w: {"funded": "1", "note": "科技部立项"},
        effect=lambda w: HigherRecommendation.objects.get(pk=_recommendation(w).pk).status == "funded",
    ),
]
