"""A call's expert review, run on the review app: the call's scoring scheme (评审指标体系: indicators and
their full marks, which are their weights), the call's panel (created when the first application passes
formal check), and the collection of the panel's unsealed scores onto the applications for ranking."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.programs.choices import DEFAULT_REVIEW_INDICATORS, ApplicationStatus
from kechuang.programs.models import Application, Call
from kechuang.programs.services._common import check_version, ensure_allowed
from kechuang.registry.services import full_clean
from kechuang.review.choices import PanelStatus
from kechuang.review.models import Panel
from kechuang.review.selectors import item_for_subject, panel_for_owner
from kechuang.review.services import panel_add_item, panel_create


def review_indicators(call: Call) -> list[dict[str, str]]:
    """The call's score sheet, or the default one."""
    if call.review_indicators:
        return [dict(i) for i in call.review_indicators]
    return [{"code": c, "name": n, "max_score": str(m)} for c, n, m in DEFAULT_REVIEW_INDICATORS]


def parse_scheme(text: str) -> list[dict[str, str]]:
    """``名称|满分`` per line → the score sheet (codes i1, i2…).  Every line is checked; the full marks of
    a sheet must add up to 100."""
    rows: list[dict[str, str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, raw = line.rpartition("|")
        try:
            max_score = Decimal(raw.strip())
        except InvalidOperation:
            max_score = Decimal(-1)
        if not name.strip() or not max_score.is_finite() or max_score <= 0:
            raise ApplicationError(
                _("评审指标第%(n)d行格式不正确，应为“指标名称|满分”，满分为正数。") % {"n": number},
                extra={"field": "indicators"},
            )
        rows.append({"code": f"i{len(rows) + 1}", "name": name.strip()[:60], "max_score": str(max_score)})
    if not rows:
        raise ApplicationError(_("请至少填写一个评审指标。"), extra={"field": "indicators"})
    total = sum((Decimal(r["max_score"]) for r in rows), Decimal(0))
    if total != 100:
        raise ApplicationError(
            _("评审指标满分合计应为100分，现为%(total)s分。") % {"total": total.normalize()},
            extra={"field": "indicators"},
        )
    return rows


@transaction.atomic
def call_review_scheme_set(
    *,
    call: Call,
    actor: Any,
    indicators_text: str,
    experts_per_item: int,
    publicity_days: int,
    expected_version: int | None = None,
) -> Call:
    """Set the call's scoring scheme, experts per application and publicity days; the scheme is frozen
    once its panel exists (scores already given would not match)."""
    ensure_allowed(actor, call, "manage")
    locked = Call.objects.select_for_update().get(pk=call.pk)
    check_version(locked, expected_version)
    indicators = parse_scheme(indicators_text)
    if panel_for_owner(owner=locked) is not None and indicators != review_indicators(locked):
        raise ApplicationError(_("专家评审组已组建，评审指标不能再修改。"), extra={"field": "indicators"})
    before = {"indicators": locked.review_indicators, "experts": locked.experts_per_item}
    locked.review_indicators = indicators
    locked.experts_per_item = experts_per_item
    locked.publicity_days = publicity_days
    locked.version += 1
    full_clean(locked)
    locked.save()
    audit_log(
        actor=actor,
        action="programs.review_scheme",
        target=locked,
        before=before,
        after={"indicators": indicators, "experts": experts_per_item, "publicity_days": publicity_days},
    )
    return locked


def call_panel(*, call: Call, actor: Any) -> Panel:
    """The call's panel, created (forming) on first use from the call's scheme."""
    panel = panel_for_owner(owner=call)
    if panel is not None:
        return panel
    return panel_create(
        owner=call,
        name=_("%(call)s 专家评审组") % {"call": call.title},
        department=call.program_type.department,
        indicators=review_indicators(call),
        actor=actor,
        experts_per_item=call.experts_per_item,
        spread_threshold=Decimal("30"),
    )


def enter_review(*, application: Application, actor: Any) -> None:
    """Formal check passed: the application joins the call's panel (while it is still being formed)."""
    call = application.topic.call
    panel = call_panel(call=call, actor=actor)
    if panel.status != PanelStatus.FORMING:
        raise ApplicationError(_("本指南的专家评审已开始，不能再加入新的申报书。"))
    if item_for_subject(subject=application) is None:
        panel_add_item(
            panel=panel,
            subject=application,
            organization=application.organization,
            label=application.title,
            actor=actor,
        )


def review_finished(application: Application) -> bool:
    item = item_for_subject(subject=application)
    return item is None or item.panel.status == PanelStatus.CLOSED


@transaction.atomic
def review_results_collect(*, call: Call, actor: Any) -> int:
    """Copy the closed panel's scores onto the call's applications under review (for ranking); returns
    how many were scored.  Refused while the panel is open: scores are sealed until it closes."""
    ensure_allowed(actor, call, "manage")
    panel = panel_for_owner(owner=call)
    if panel is None:
        raise ApplicationError(_("本指南还没有专家评审组。"))
    if panel.status != PanelStatus.CLOSED:
        raise ApplicationError(_("专家评审尚未结束，评分封存中，不能汇总。"))
    scores = {int(sid): score for sid, score in panel.items.values_list("subject_id", "score")}
    apps = list(
        Application.objects.filter(topic__call=call, pk__in=list(scores), status=ApplicationStatus.IN_REVIEW)
    )
    for app in apps:
        app.review_score = scores[app.pk]
    Application.objects.bulk_update(apps, ["review_score"], batch_size=500)
    audit_log(actor=actor, action="programs.review_collect", target=call, after={"scored": len(apps)})
    return len(apps)
