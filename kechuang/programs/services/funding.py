"""Deciding a call: bulk moves from the officers' queue, the funding decision within the call's budget
(ranked by review score), 立项公示 with objections, and 下达."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.numbers import clean_money
from kechuang.core.permissions import restrict
from kechuang.core.workflow import transition
from kechuang.programs.choices import APPLICATION_TRANSITIONS, ApplicationStatus
from kechuang.programs.models import Application, Call, Objection
from kechuang.programs.services._common import check_version, ensure_allowed, wan
from kechuang.programs.services.review import review_finished
from kechuang.programs.services.transitions import application_transition, issue_blocker, notify_applicant
from kechuang.review.objections import objection_conclude, objection_lodging

S = ApplicationStatus
FUNDED = (S.APPROVED, S.PUBLICITY, S.ISSUED)
ZERO = Decimal("0")


def _visible(actor: Any, ids: Sequence[int], action: str = "decide") -> dict[int, Application]:
    """The applications ``ids`` the actor may act on, locked; a forged or hidden id is a 404 for all."""
    wanted = set(ids)
    found = {
        a.pk: a
        for a in restrict(Application.objects.filter(pk__in=wanted), actor, action)
        .select_for_update(of=("self",))  # the rule's joins may be outer ones: lock the applications only
        .select_related("topic__call__program_type", "organization")
    }
    if set(found) != wanted:
        raise Http404(_("项目申报不存在。"))
    return found


@transaction.atomic
def application_bulk_transition(*, ids: Sequence[int], to: str, actor: Any, note: str = "") -> int:
    """One move for many applications (the officers' queue): all of them or none, the refusal naming the
    application it stopped at."""
    if not ids:
        raise ApplicationError(_("请先勾选要处理的项目申报。"))
    if len(ids) > 500:
        raise ApplicationError(_("一次最多处理500项。"))
    found = _visible(actor, ids, "view")
    for pk in sorted(found):
        application = found[pk]
        try:
            application_transition(application=application, to=to, actor=actor, note=note)
        except ApplicationError as exc:
            raise ApplicationError(
                _("《%(title)s》：%(message)s") % {"title": application.title, "message": exc.message},
                extra=exc.extra,
            ) from None
    return len(found)


def call_funding_summary(*, call: Call) -> dict[str, Any]:
    """What the call has committed (拟立项, 公示, 下达) against its total budget, per topic too."""
    committed = Application.objects.filter(topic__call=call, status__in=FUNDED)
    total = committed.aggregate(s=Sum("funded_amount"))["s"] or ZERO
    per_topic = {
        row["topic_id"]: (row["n"], row["s"] or ZERO)
        for row in committed.values("topic_id").annotate(n=Count("id"), s=Sum("funded_amount"))
    }
    return {"committed": total, "remaining": call.total_budget - total, "per_topic": per_topic}


@transaction.atomic
def funding_decide(
    *, call: Call, actor: Any, amounts: Mapping[int, Any], expected_version: int | None = None
) -> list[Application]:
    """立项: fund the applications of ``amounts`` (id → 万元) after the review, within each topic's cap per
    project and number of projects and the call's total budget.  The call is locked, so two officers
    deciding at once are serialised; the second, on a stale page, is told to reload."""
    ensure_allowed(actor, call, "manage")
    locked = Call.objects.select_for_update().get(pk=call.pk)
    check_version(locked, expected_version)
    if not amounts:
        raise ApplicationError(_("请至少为一个项目填写资助金额。"), extra={"field": "amounts"})
    found = _visible(actor, list(amounts))
    summary = call_funding_summary(call=locked)
    new_total = ZERO
    new_per_topic: dict[int, int] = {}
    plan: list[tuple[Application, Decimal]] = []
    for pk in sorted(found):
        app = found[pk]
        if app.topic.call_id != locked.pk:
            raise Http404(_("项目申报不存在。"))
        if app.status != S.IN_REVIEW:
            raise ApplicationError(
                _("《%(t)s》不在专家评审阶段，不能立项。") % {"t": app.title}, extra={"field": "amounts"}
            )
        if not review_finished(app):
            raise ApplicationError(_("专家评审尚未结束，评分封存中，不能立项。"))
        label = _("《%(t)s》的资助金额") % {"t": app.title}
        amount = clean_money(amounts[pk], field="amounts", label=label)
        if amount is None or amount <= 0:
            raise ApplicationError(_("%(label)s须大于0。") % {"label": label}, extra={"field": "amounts"})
        cap = min(app.topic.funding_cap, app.requested_funds)
        if amount > cap:
            raise ApplicationError(
                _("%(label)s%(a)s万元超过上限%(cap)s万元（单项资助上限与申请金额的较小者）。")
                % {"label": label, "a": wan(amount), "cap": wan(cap)},
                extra={"field": "amounts"},
            )
        new_total += amount
        new_per_topic[app.topic_id] = new_per_topic.get(app.topic_id, 0) + 1
        plan.append((app, amount))
    for topic_id, n in new_per_topic.items():
        topic = next(a.topic for a, _amount in plan if a.topic_id == topic_id)
        already = summary["per_topic"].get(topic_id, (0, ZERO))[0]
        if already + n > topic.project_count:
            raise ApplicationError(
                _("指南方向“%(t)s”拟支持%(cap)d项，已立项%(done)d项，不能再立项%(n)d项。")
                % {"t": topic.title, "cap": topic.project_count, "done": already, "n": n},
                extra={"field": "amounts"},
            )
    if summary["committed"] + new_total > locked.total_budget:
        raise ApplicationError(
            _("资助总额将达%(sum)s万元，超过本指南资助总额%(budget)s万元（已安排%(done)s万元）。")
            % {
                "sum": wan(summary["committed"] + new_total),
                "budget": wan(locked.total_budget),
                "done": wan(summary["committed"]),
            },
            extra={"field": "amounts"},
        )
    for app, amount in plan:
        Application.objects.filter(pk=app.pk).update(funded_amount=amount)
        app.funded_amount = amount
        transition(
            obj=app,
            to=S.APPROVED,
            actor=actor,
            transitions=APPLICATION_TRANSITIONS,
            note=_("拟资助%(a)s万元") % {"a": wan(amount)},
        )
        notify_applicant(app, S.APPROVED, "")
    Call.objects.filter(pk=locked.pk).update(version=locked.version + 1)
    audit_log(
        actor=actor,
        action="programs.funding_decide",
        target=locked,
        after={"funded": {str(a.pk): str(m) for a, m in plan}, "total": str(new_total)},
    )
    return [a for a, _amount in plan]


@transaction.atomic
def publicity_start(*, call: Call, actor: Any) -> int:
    """立项公示 for every approved application of the call the officer decides on."""
    ensure_allowed(actor, call, "manage")
    ids = list(
        restrict(
            Application.objects.filter(topic__call=call, status=S.APPROVED), actor, "decide"
        ).values_list("pk", flat=True)
    )
    if not ids:
        raise ApplicationError(_("没有拟立项待公示的项目。"))
    return application_bulk_transition(ids=ids, to=S.PUBLICITY, actor=actor)


@transaction.atomic
def call_issue(*, call: Call, actor: Any) -> dict[str, int]:
    """下达 every application of the call whose publicity is over without an open or upheld objection;
    the others stay in publicity (an upheld objection: the officer refuses that project)."""
    ensure_allowed(actor, call, "manage")
    today = timezone.localdate()
    candidates = list(
        restrict(Application.objects.filter(topic__call=call, status=S.PUBLICITY), actor, "decide")
    )
    ready = [a for a in candidates if issue_blocker(a, today) is None]
    if not ready:
        raise ApplicationError(_("没有公示期满且无未结异议的项目可下达。"))
    application_bulk_transition(ids=[a.pk for a in ready], to=S.ISSUED, actor=actor)
    return {"issued": len(ready), "waiting": len(candidates) - len(ready)}


@transaction.atomic
def objection_lodge(
    *,
    application: Application,
    actor: Any,
    name: str,
    contact: str,
    content: str,
    today: dt.date | None = None,
) -> Objection:
    """Anyone signed in may object to a project on publicity, under a real name with a contact."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    fields = objection_lodging(
        on_notice=locked.status == S.PUBLICITY,
        starts=locked.publicity_starts_on,
        ends=locked.publicity_ends_on,
        today=today or timezone.localdate(),
        name=name,
        contact=contact,
        content=content,
        closed_message=_("该项目不在公示期内，不能提出异议。"),
    )
    lodged_by = actor if getattr(actor, "is_authenticated", False) else None
    objection = Objection(application=locked, lodged_by=lodged_by, **fields)
    clean_and_save(objection)
    audit_log(
        actor=actor, action="programs.objection_lodge", target=locked, after={"objection": objection.pk}
    )
    return objection


@transaction.atomic
def objection_answer(*, objection: Objection, actor: Any, upheld: bool, answer: str) -> Objection:
    """An officer who decides on the application answers the objection (异议成立 / 不成立)."""
    ensure_allowed(actor, objection, "decide")
    objection_conclude(objection=objection, actor=actor, upheld=upheld, text=answer)
    return objection
