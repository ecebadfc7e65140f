"""A call's expert review, run on the review app: the call's scoring scheme (评审指标体系: indicators and
their full marks, which are their weights), the call's panel — or, when the call says so
(``panels_by_topic``), one panel per topic, each with its own experts — created when the first application
passes formal check, and the collection of the panels' unsealed scores onto the applications for ranking."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.programs.choices import DEFAULT_REVIEW_INDICATORS, ApplicationStatus
from kechuang.programs.models import Application, Call, Topic
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
    panels_by_topic: bool | None = None,
    expected_version: int | None = None,
) -> Call:
    """Set the call's scoring scheme, experts per application, publicity days and whether each topic has
    its own panel; the scheme and the grouping are frozen once a panel exists (scores already given
    would not match)."""
    ensure_allowed(actor, call, "manage")
    locked = Call.objects.select_for_update().get(pk=call.pk)
    check_version(locked, expected_version)
    indicators = parse_scheme(indicators_text)
    by_topic = locked.panels_by_topic if panels_by_topic is None else panels_by_topic
    if call_panels(call=locked):
        if indicators != review_indicators(locked):
            raise ApplicationError(_("专家评审组已组建，评审指标不能再修改。"), extra={"field": "indicators"})
        if by_topic != locked.panels_by_topic:
            raise ApplicationError(
                _("专家评审组已组建，不能再改变是否按指南方向分组评审。"), extra={"field": "panels_by_topic"}
            )
    before = {
        "indicators": locked.review_indicators,
        "experts": locked.experts_per_item,
        "by_topic": locked.panels_by_topic,
    }
    locked.review_indicators = indicators
    locked.experts_per_item = experts_per_item
    locked.publicity_days = publicity_days
    locked.panels_by_topic = by_topic
    locked.version += 1
    full_clean(locked)
    locked.save()
    audit_log(
        actor=actor,
        action="programs.review_scheme",
        target=locked,
        before=before,
        after={
            "indicators": indicators,
            "experts": experts_per_item,
            "publicity_days": publicity_days,
            "by_topic": by_topic,
        },
    )
    return locked


def call_panels(*, call: Call) -> list[tuple[Topic | None, Panel]]:
    """The call's panels that exist: ``(None, panel)`` for the whole call, or ``(topic, panel)`` per topic
    when the call is reviewed by topic (in the topics' order).  Read from the panels themselves (the
    grouping is frozen once one exists), in two queries."""
    panel = panel_for_owner(owner=call)
    if panel is not None:
        return [(None, panel)]
    topics = {str(t.pk): t for t in call.topics.order_by("id")}
    found = Panel.objects.filter(
        owner_type=ContentType.objects.get_for_model(Topic), owner_id__in=list(topics)
    ).order_by("id")
    latest = {p.owner_id: p for p in found}  # the newest panel of each topic, as panel_for_owner
    return [(topic, latest[pk]) for pk, topic in topics.items() if pk in latest]


def call_panel(*, call: Call, actor: Any, topic: Topic | None = None) -> Panel:
    """The panel an application of ``topic`` joins — the call's, or the topic's when the call is reviewed
    by topic — created (forming) on first use from the call's scheme."""
    owner: Call | Topic = topic if (call.panels_by_topic and topic is not None) else call
    panel = panel_for_owner(owner=owner)
    if panel is not None:
        return panel
    name = (
        _("%(call)s · %(topic)s 专家评审组") % {"call": call.title, "topic": owner.title}
        if isinstance(owner, Topic)
        else _("%(call)s 专家评审组") % {"call": call.title}
    )
    return panel_create(
        owner=owner,
        name=name,
        department=call.program_type.department,
        indicators=review_indicators(call),
        actor=actor,
        experts_per_item=call.experts_per_item,
        spread_threshold=Decimal("30"),
    )


def enter_review(*, application: Application, actor: Any) -> None:
    """Formal check passed: the application joins its panel — the call's or its topic's — while that
    panel is still being formed."""
    call = Call.objects.select_related("program_type__department").get(pk=application.topic.call_id)
    panel = call_panel(call=call, actor=actor, topic=application.topic)
    if panel.status != PanelStatus.FORMING:
        if call.panels_by_topic:
            raise ApplicationError(_("该指南方向的专家评审已开始，不能再加入新的申报书。"))
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
    """Copy the closed panels' scores onto the call's applications under review (for ranking); returns
    how many were scored.  Scores are sealed until a panel closes: with one panel per topic, each closed
    topic is collected on its own (the others wait), and nothing while none is closed."""
    ensure_allowed(actor, call, "manage")
    panels = call_panels(call=call)
    if not panels:
        raise ApplicationError(_("本指南还没有专家评审组。"))
    closed = [panel for _topic, panel in panels if panel.status == PanelStatus.CLOSED]
    if not closed:
        raise ApplicationError(_("专家评审尚未结束，评分封存中，不能汇总。"))
    scores = {
        int(sid): score for panel in closed for sid, score in panel.items.values_list("subject_id", "score")
    }
    apps = list(
        Application.objects.filter(topic__call=call, pk__in=list(scores), status=ApplicationStatus.IN_REVIEW)
    )
    for app in apps:
        app.review_score = scores[app.pk]
    Application.objects.bulk_update(apps, ["review_score"], batch_size=500)
    audit_log(actor=actor, action="programs.review_collect", target=call, after={"scored": len(apps)})
    return len(apps)
