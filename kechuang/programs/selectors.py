"""Reads of the programs app, each taking the user: ``restrict()`` first, then filters, then joins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.programs.choices import ApplicationStatus, CallStatus
from kechuang.programs.eligibility import rule_in_words
from kechuang.programs.models import Application, Call, DuplicateFlag, ProgramType, Topic
from kechuang.programs.pdf import chinese_date
from kechuang.programs.services.review import review_indicators
from kechuang.registry.selectors import user_organization_ids


def call_list(*, user: Any, published_only: bool = True) -> QuerySet[Call]:
    qs = restrict(Call.objects.exclude(is_archive=True), user, "view")  # past projects' calls are no guides
    if published_only:
        qs = qs.exclude(status=CallStatus.DRAFT)
    return qs.select_related("program_type__department").order_by("-year", "-id")


def managed_calls(*, user: Any, include_drafts: bool = False) -> QuerySet[Call]:
    """The calls the officer's department runs (where setup, 查重 and decisions are theirs), newest first;
    published ones only unless ``include_drafts``."""
    qs = restrict(Call.objects.exclude(is_archive=True), user, "manage")
    if not include_drafts:
        qs = qs.exclude(status=CallStatus.DRAFT)
    return qs.order_by("-year", "-id")


def managed_program_types(*, user: Any) -> QuerySet[ProgramType]:
    """The program types of the officer's departments."""
    return (
        restrict(ProgramType.objects.all(), user, "manage")
        .select_related("department")
        .order_by("department__name", "name")
    )


def call_get(*, user: Any, pk: int, action: str = "view") -> Call:
    return get_object_or_404_for(user, Call.objects.select_related("program_type__department"), action, pk=pk)


def call_topics(*, call: Call) -> QuerySet[Topic]:
    return call.topics.order_by("id")


def topic_get(*, user: Any, pk: int) -> Topic:
    return get_object_or_404_for(user, Topic.objects.select_related("call__program_type"), "view", pk=pk)


def _applications(user: Any, action: str) -> QuerySet[Application]:
    return restrict(Application.objects.all(), user, action)


def my_applications(*, user: Any) -> QuerySet[Application]:
    """The applications of the user's organizations (officers' scope excluded: that is the queue)."""
    from_orgs = _applications(user, "view").filter(organization_id__in=user_organization_ids(user))
    return from_orgs.select_related("topic__call", "organization").order_by("-id")


def application_get(*, user: Any, pk: int, action: str = "view") -> Application:
    return get_object_or_404_for(
        user,
        Application.objects.select_related("topic__call__program_type", "organization", "project"),
        action,
        pk=pk,
    )


def officer_queue(*, user: Any, status: str | None = None) -> QuerySet[Application]:
    """The applications the officer decides on (drafts are the applicant's own and never listed)."""
    qs = _applications(user, "decide").exclude(status=ApplicationStatus.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("topic__call", "organization").order_by("-submitted_at", "-id")


def officer_status_counts(*, user: Any) -> list[tuple[str, str, int]]:
    """``(status, label, count)`` for every status but draft, in the workflow's order (one query)."""
    counts = dict(
        _applications(user, "decide")
        .exclude(status=ApplicationStatus.DRAFT)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [
        (s.value, str(s.label), counts.get(s.value, 0))
        for s in ApplicationStatus
        if s != ApplicationStatus.DRAFT
    ]


def officer_recommendable_count(*, user: Any) -> int:
    """Submitted applications the officer's department recommends itself: those of calls without a
    recommending unit (推荐单位). The others wait for their unit and are not the officer's work yet."""
    return (
        _applications(user, "decide")
        .filter(status=ApplicationStatus.SUBMITTED, recommender__isnull=True)
        .count()
    )


# ------------------------------------------------------------------------------------- duplicate check


def application_duplicates(*, user: Any, application: Application) -> list[DuplicateFlag]:
    """查重 flags on this application (either side of the pair), for the officers who decide on it only;
    anyone else gets nothing (the applicant never learns of another organization's application)."""
    flags = restrict(DuplicateFlag.objects.all(), user, "decide")
    return list(
        flags.filter(Q(application=application) | Q(other=application))
        .select_related("application__organization", "other__organization", "other__project", "decided_by")
        .order_by("-similarity", "id")
    )


def call_duplicates(*, user: Any, call: Call, decision: str = "") -> QuerySet[DuplicateFlag]:
    """The 查重 flags of a call's applications the user may see, most alike first."""
    qs = restrict(DuplicateFlag.objects.all(), user, "decide").filter(application__topic__call=call)
    if decision:
        qs = qs.filter(decision=decision)
    return qs.select_related(
        "application__organization",
        "other__organization",
        "other__topic__call",
        "other__project",
        "decided_by",
    ).order_by("-similarity", "id")


def duplicate_flag_get(*, user: Any, pk: int) -> DuplicateFlag:
    return get_object_or_404_for(user, DuplicateFlag.objects.all(), "decide", pk=pk)


def guide_content(*, call: Call, today: dt.date) -> dict[str, Any]:
    """What the guide's PDF prints (``pdf.guide_pdf``): the call as its public page shows it, the rule in
    words, the topics, the recommending units and the review's scoring scheme."""

    def when(value: dt.datetime) -> str:
        local = timezone.localtime(value)
        return f"{chinese_date(local.date().isoformat())} {local:%H:%M}"

    recommenders = []
    for r in call.recommenders.select_related("organization", "region").prefetch_related("covered"):
        covers = [str(r.region.name) + "（含下辖地区）"] if r.region else []
        covers += [o.name for o in r.covered.all()]
        recommenders.append({"name": r.organization.name, "covers": "、".join(covers) or "本单位"})
    return {
        "title": call.title,
        "year": call.year,
        "program": call.program_type.name,
        "department": call.program_type.department.name,
        "opens": when(call.opens_at),
        "closes": when(call.closes_at),
        "total_budget": f"{call.total_budget:f}",
        "leader_limit": call.leader_limit,
        "publicity_days": call.publicity_days,
        "notice": call.notice,
        "conditions": rule_in_words(text=call.eligibility_rule, today=today),
        "topics": [
            {
                "title": t.title,
                "description": t.description,
                "cap": f"{t.funding_cap:f}",
                "count": str(t.project_count),
                "months": str(t.duration_months),
                "ratio": f"1 : {t.co_funding_ratio:f}",
            }
            for t in call_topics(call=call)
        ],
        "recommenders": recommenders,
        "indicators": [
            {"name": i["name"], "max_score": str(i["max_score"])} for i in review_indicators(call)
        ],
        "printed_on": chinese_date(today.isoformat()),
    }
