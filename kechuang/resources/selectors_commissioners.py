"""Reads of the commissioner programme: the pool, dispatches as each side sees them, a dispatch's logs,
and the year's figures per commissioner for the annual assessment (also what the plan dashboard counts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from kechuang.core.permissions import restrict
from kechuang.resources.choices import LogStatus, WorkKind
from kechuang.resources.models_commissioners import Assessment, Commissioner, Dispatch, WorkLog


def pool(*, user: Any, q: str = "") -> QuerySet[Commissioner]:
    qs = restrict(Commissioner.objects.filter(active=True), user, "view")
    if q:
        qs = qs.filter(
            Q(expertise__icontains=q) | Q(home__name__icontains=q) | Q(user__display_name__icontains=q)
        )
    return qs.select_related("user", "home")


def visible_dispatches(*, user: Any) -> QuerySet[Dispatch]:
    """Dispatches the user sees: an officer's region, the commissioner's own, the host's."""
    return restrict(Dispatch.objects.all(), user, "view").select_related(
        "commissioner__user", "commissioner__home", "organization", "park"
    )


def dispatch_logs(*, user: Any, dispatch: Dispatch) -> QuerySet[WorkLog]:
    return restrict(WorkLog.objects.filter(dispatch=dispatch), user, "view")


@dataclass
class YearFigures:
    commissioner: Commissioner
    dispatches: int
    logs: int
    confirmed: int
    visits: int
    problems_solved: int
    trainees: int
    technologies: int
    rating: Decimal | None
    assessment: Assessment | None


def year_figures(*, user: Any, year: int) -> list[YearFigures]:
    """For each commissioner the user manages: the year's dispatches and confirmed work (two grouped
    queries and one for the assessments)."""
    commissioners = list(restrict(Commissioner.objects.all(), user, "manage").select_related("user", "home"))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    dispatched = dict(
        Dispatch.objects.filter(commissioner__in=commissioners, starts_on__lte=end, ends_on__gte=start)
        .values_list("commissioner_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    confirmed = Q(status=LogStatus.CONFIRMED)
    logs: dict[int, dict[str, Any]] = {
        row["dispatch__commissioner_id"]: dict(row)
        for row in WorkLog.objects.filter(
            dispatch__commissioner__in=commissioners, worked_on__gte=start, worked_on__lte=end
        )
        .values("dispatch__commissioner_id")
        .annotate(
            logs=Count("id"),
            confirmed=Count("id", filter=confirmed),
            visits=Count("id", filter=confirmed & Q(kind=WorkKind.VISIT)),
            problems=Sum("problems_solved", filter=confirmed),
            trainees=Sum("trainees", filter=confirmed),
            technologies=Sum("technologies", filter=confirmed),
            rating_avg=Avg("rating", filter=confirmed),
        )
        .order_by()
    }
    assessments = {
        a.commissioner_id: a for a in Assessment.objects.filter(commissioner__in=commissioners, year=year)
    }
    out = []
    for c in commissioners:
        row: dict[str, Any] = logs.get(c.pk, {})
        rating = row.get("rating_avg")
        out.append(
            YearFigures(
                commissioner=c,
                dispatches=dispatched.get(c.pk, 0),
                logs=row.get("logs", 0),
                confirmed=row.get("confirmed", 0),
                visits=row.get("visits", 0),
                problems_solved=row.get("problems") or 0,
                trainees=row.get("trainees") or 0,
                technologies=row.get("technologies") or 0,
                rating=None if rating is None else Decimal(str(rating)).quantize(Decimal("0.1")),
                assessment=assessments.get(c.pk),
            )
        )
    return out
