"""Reads of recognition: scoped by permission first, then filtered, then joined."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Rank
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.recognition.certificate import normalise_verification_code
from kechuang.recognition.choices import (
    TRANSITION_ACTORS,
    TRANSITIONS,
    Actor,
    ApplicationStatus,
    CallStatus,
)
from kechuang.recognition.models import Application, Call, Certificate, Objection, Scheme, SchemeVersion
from kechuang.registry.models import Department
from kechuang.registry.selectors import department_list, officer_department_ids, user_organization_ids

S = ApplicationStatus


def scheme_list(*, user: Any) -> QuerySet[Scheme]:
    return restrict(Scheme.objects.filter(is_active=True), user, "view").select_related("department")


def managed_schemes(*, user: Any) -> QuerySet[Scheme]:
    return restrict(Scheme.objects.filter(is_active=True), user, "manage").select_related("department")


def schemes_managed(*, user: Any) -> QuerySet[Scheme]:
    """Every scheme the user's departments run, retired ones too, with their number of calls."""
    return (
        restrict(Scheme.objects.all(), user, "manage")
        .select_related("department")
        .annotate(n_calls=Count("calls"))
        .order_by("-is_active", "department_id", "name")
    )


def scheme_get(*, user: Any, pk: Any, action: str = "view") -> Scheme:
    return get_object_or_404_for(user, Scheme.objects.select_related("department"), action, pk=pk)


def scheme_versions(*, scheme: Scheme) -> QuerySet[SchemeVersion]:
    """The scheme's indicator-system versions, newest first, each with the calls scored by it."""
    return (
        SchemeVersion.objects.filter(scheme=scheme)
        .select_related("created_by")
        .prefetch_related("calls")
        .order_by("-number")
    )


def scheme_departments(*, user: Any) -> QuerySet[Department]:
    """The departments the user may set up schemes for: their own (platform admins: every one)."""
    qs = department_list(user=user)
    return qs if user_is_platform_admin(user) else qs.filter(pk__in=officer_department_ids(user))


def call_list(*, user: Any, status: str | None = None) -> QuerySet[Call]:
    qs = restrict(Call.objects.all(), user, "view").select_related("scheme__department")
    if status:
        qs = qs.filter(status=status)
    return qs


def open_calls(*, user: Any) -> QuerySet[Call]:
    return call_list(user=user, status=CallStatus.OPEN)


def call_get(*, user: Any, pk: Any, action: str = "view") -> Call:
    return get_object_or_404_for(
        user, Call.objects.select_related("scheme__department", "scheme_version"), action, pk=pk
    )


def managed_calls(*, user: Any) -> QuerySet[Call]:
    return (
        restrict(Call.objects.all(), user, "manage")
        .select_related("scheme__department")
        .annotate(n_applications=Count("applications", filter=~Q(applications__status=S.DRAFT)))
    )


def application_get(*, user: Any, pk: Any, action: str = "view") -> Application:
    return get_object_or_404_for(
        user,
        Application.objects.select_related(
            "call__scheme__department", "organization__region", "carrier", "trademark"
        ),
        action,
        pk=pk,
    )


def my_applications(*, user: Any) -> QuerySet[Application]:
    """The applications of the user's organizations and those they nominated."""
    mine = user_organization_ids(user)
    return (
        restrict(Application.objects.all(), user, "view")
        .filter(Q(organization_id__in=mine) | Q(nominator_id__in=mine))
        .select_related("call__scheme", "organization")
    )


def call_applications(*, user: Any, call: Call, status: str | None = None) -> QuerySet[Application]:
    """The applications of a call an officer may act on (drafts are the applicant's business)."""
    qs = restrict(Application.objects.filter(call=call), user, "decide").exclude(status=S.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("organization").order_by("-submitted_at", "-id")


def due_for_re_evaluation(*, user: Any, call: Call, today: Any = None) -> QuerySet[Application]:
    """Recognised applications whose re-evaluation cycle (复核周期) has come round."""
    today = today or timezone.localdate()
    years = call.scheme.re_evaluation_years
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    last = dt.date.max if years == 0 else cutoff
    return call_applications(user=user, call=call, status=S.RECOGNISED).filter(
        Q(certificate__issued_on__lte=last) & ~Q(re_evaluations__decided_at__date__gt=cutoff)
    )


def pipeline_counts(*, user: Any, call: Call) -> list[tuple[str, str, int]]:
    rows = dict(
        restrict(Application.objects.filter(call=call), user, "decide")
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [(value, str(label), rows.get(value, 0)) for value, label in S.choices if value != S.DRAFT]


def pipeline_by_scheme(*, user: Any) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every scheme's applications by stage (submitted ones the user may decide), one grouped query:
    [(scheme name, rows)] with a row per call and stage in the workflow's order —
    ``{"name": "2026年度 · 形式审查通过", "value": n, "url": the call's pipeline filtered to that stage}`` —
    so a bar of the chart opens exactly the applications it counts."""
    order = {value: i for i, (value, _label) in enumerate(S.choices)}
    labels = dict(S.choices)
    counts = (
        restrict(Application.objects.exclude(status=S.DRAFT), user, "decide")
        .values_list("call_id", "call__year", "call__scheme__name", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    schemes: dict[str, list[tuple[int, int, str, int, int]]] = {}
    for call_id, year, scheme, status, n in counts:
        # newest year first, then the stages in the workflow's order
        schemes.setdefault(scheme, []).append((-year, order.get(status, len(order)), status, n, call_id))
    out = []
    for scheme in sorted(schemes):
        rows = [
            {
                "name": _("%(year)s年度 · %(stage)s") % {"year": -neg_year, "stage": labels[status]},
                "value": n,
                "url": f"{reverse('recognition:call_pipeline', args=[call_id])}?status={status}",
            }
            for neg_year, _position, status, n, call_id in sorted(schemes[scheme])
        ]
        out.append((scheme, rows))
    return out


def ranking(*, user: Any, call: Call) -> QuerySet[Application]:
    """Applications with a total score, best first, with competition rank (1, 2, 2, 4)."""
    return (
        restrict(Application.objects.filter(call=call), user, "decide")
        .filter(total_score__isnull=False)
        .select_related("organization")
        .annotate(rank=Window(expression=Rank(), order_by=F("total_score").desc()))
        .order_by("-total_score", "id")
    )


def ranking_rows(*, user: Any, call: Call) -> QuerySet:
    """The ranking as plain rows (for the page: no model instances to build for 200 rows)."""
    return ranking(user=user, call=call).values(  # type: ignore[misc]  # "rank" is the window annotation
        "pk",
        "rank",
        "status",
        "auto_score",
        "expert_score",
        "total_score",
        "score_flagged",
        "organization__name",
    )


def officer_moves(*, application: Application) -> list[tuple[str, str]]:
    return [
        (to, str(S(to).label))
        for to in sorted(TRANSITIONS[application.status], key=lambda s: list(S.values).index(s))
        if TRANSITION_ACTORS[(application.status, to)] == Actor.OFFICER
    ]


def applicant_moves(*, application: Application) -> list[tuple[str, str]]:
    return [
        (to, str(S(to).label))
        for to in TRANSITIONS[application.status]
        if TRANSITION_ACTORS[(application.status, to)] == Actor.APPLICANT
    ]


def publicity_list(*, call: Call | None = None) -> QuerySet[Application]:
    """Public: what is under publicity now (公示), with the call and organization."""
    qs = Application.objects.filter(status=S.PUBLICITY).select_related(
        "call__scheme__department", "organization"
    )
    if call is not None:
        qs = qs.filter(call=call)
    return qs.order_by("call_id", "-total_score", "id")


def publicity_get(*, pk: Any) -> Application:
    try:
        return publicity_list().get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("对象不存在或无权访问。")) from exc


def objections_for(*, user: Any, application: Application) -> QuerySet[Objection]:
    return restrict(Objection.objects.filter(application=application), user, "view").select_related(
        "resolved_by"
    )


def certificate_by_code(*, code: str) -> Certificate | None:
    """Public verification: the certificate with this code, whatever its state (revoked shows revoked)."""
    normalised = normalise_verification_code(code or "")
    if len(normalised) != 19:
        return None
    return (
        Certificate.objects.filter(verification_code=normalised)
        .select_related("application__organization", "application__call__scheme__department")
        .first()
    )


def export_rows(*, user: Any, call: Call) -> list[list[Any]]:
    """Rows of the results export (selector + columns), built from plain values."""
    labels = dict(S.choices)
    flagged = _("是")
    return [
        [
            row["rank"],
            row["organization__name"],
            row["organization__uscc"],
            row["title"],
            str(labels.get(row["status"], row["status"])),
            row["auto_score"],
            row["expert_score"],
            row["total_score"],
            flagged if row["score_flagged"] else "",
        ]
        for row in ranking(user=user, call=call).values(  # type: ignore[misc]  # "rank" is the window annotation
            "rank",
            "organization__name",
            "organization__uscc",
            "title",
            "status",
            "auto_score",
            "expert_score",
            "total_score",
            "score_flagged",
        )
    ]
