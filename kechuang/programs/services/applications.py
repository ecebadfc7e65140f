"""An applicant's application: the draft, its lines (partners, budget, indicators), and submission with
every problem listed at once."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.numbers import clean_money
from kechuang.core.permissions import ensure_visible
from kechuang.core.text import clean_name
from kechuang.core.workflow import transition
from kechuang.programs.choices import (
    APPLICATION_TRANSITIONS,
    EDITABLE,
    PENDING,
    ApplicationStatus,
    BudgetCategory,
)
from kechuang.programs.choices_execution import PROJECT_ONGOING
from kechuang.programs.eligibility import rule_unmet
from kechuang.programs.models import Application, BudgetLine, IndicatorLine, Partner, Topic
from kechuang.programs.services._common import check_version, ensure_allowed, wan, window_message, window_open
from kechuang.programs.services.recommenders import route_to_recommender
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_organization_ids, user_organizations
from kechuang.registry.services import ensure_can_apply, full_clean

FIELDS = ["title", "summary", "leader_name", "leader_identifier", "requested_funds", "self_funds"]
ZERO = Decimal("0")


def _money(value: Any, *, field: str, label: str) -> Decimal:
    return clean_money(value, field=field, label=label) or ZERO


def _ensure_may_apply(topic: Topic, organization: Organization) -> None:
    now = timezone.now()
    if not window_open(topic.call, now):
        raise ApplicationError(window_message(topic.call, now))
    ensure_can_apply(organization)


def applicant_organization(*, user: Any, organization_id: int) -> Organization:
    """The organization a user applies for: one they are an admin of."""
    organization = next(
        (o for o in user_organizations(user, admin_only=True) if o.pk == organization_id), None
    )
    if organization is None:
        raise ApplicationError(_("只有本单位管理员可以申报。"))
    return organization


@transaction.atomic
def application_create(
    *,
    topic: Topic,
    organization: Organization,
    actor: Any,
    title: str,
    leader_name: str,
    leader_identifier: str,
    summary: str = "",
    requested_funds: Any = None,
    self_funds: Any = None,
    budget: Sequence[dict[str, Any]] | None = None,
    indicators: Sequence[dict[str, Any]] | None = None,
    partners: Sequence[dict[str, Any]] | None = None,
) -> Application:
    """Start a draft: only an admin of the lead organization, only while the call's window is open, only
    an organization that may apply (verified, not on the integrity list).  The lines, when given, are
    written in the same transaction (a refused line leaves no draft).  A topic the actor cannot see (its
    call is a draft) is a 404, like a missing one."""
    ensure_visible(actor, topic)
    if organization.pk not in user_organization_ids(actor, admin_only=True):
        raise ApplicationError(_("只有本单位管理员可以申报。"))
    topic = Topic.objects.select_related("call").get(pk=topic.pk)  # the call's status as it is now
    _ensure_may_apply(topic, organization)
    title = clean_name(title)  # no bidi overrides or zero-width characters in a project name
    if not title:
        raise ApplicationError(_("请填写项目名称。"), extra={"field": "title"})
    application = Application(
        topic=topic,
        organization=organization,
        region_path=organization.region_path,
        title=title,
        summary=summary.strip(),
        leader_name=clean_name(leader_name),
        leader_identifier=leader_identifier.strip().upper(),
        requested_funds=_money(requested_funds, field="requested_funds", label=_("申请专项经费")),
        self_funds=_money(self_funds, field="self_funds", label=_("自筹经费")),
        created_by=actor,
    )
    full_clean(application)
    application.save()
    _replace_lines(application, budget=budget, indicators=indicators, partners=partners)
    audit_log(
        actor=actor, action="program_application.create", target=application, after=snapshot(application)
    )
    return application


def _replace_lines(application: Application, *, budget: Sequence[dict[str, Any]] | None,
                   indicators: Sequence[dict[str, Any]] | None, partners: Sequence[dict[str, Any]] | None) -> None:  # fmt: skip
    if budget is not None:
        application.budget_lines.all().delete()
        seen: set[str] = set()
        for row in budget:
            category = str(row.get("category", ""))
            if category not in BudgetCategory.values:
                raise ApplicationError(
                    _("预算科目“%(c)s”不存在。") % {"c": category}, extra={"field": "budget"}
                )
            if category in seen:
                raise ApplicationError(_("预算表中该科目已存在。"), extra={"field": "budget"})
            seen.add(category)
            BudgetLine.objects.create(
                application=application,
                category=category,
                special_funds=_money(row.get("special_funds"), field="budget", label=_("专项经费")),
                self_funds=_money(row.get("self_funds"), field="budget", label=_("自筹经费")),
            )
    if indicators is not None:
        application.indicators.all().delete()
        for row in indicators:
            line = IndicatorLine(
                application=application,
                text=str(row.get("text", "")).strip(),
                quantity=_money(row.get("quantity"), field="indicators", label=_("数量")),
                unit=str(row.get("unit", "")).strip(),
            )
            full_clean(line, exclude=["application"])
            line.save()
    if partners is not None:
        application.partners.all().delete()
        for row in partners:
            try:
                organization_id = int(row.get("organization"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                organization_id = 0
            if row.get("uscc"):  # pages name a partner by its code
                by_code = Organization.objects.filter(uscc=str(row["uscc"]).strip().upper()).first()
                organization_id = by_code.pk if by_code else 0
            organization = Organization.objects.filter(pk=organization_id).first()
            if organization is None:
                raise ApplicationError(_("合作单位不存在。"), extra={"field": "partners"})
            if (
                organization.pk == application.organization_id
                or application.partners.filter(organization=organization).exists()
            ):
                raise ApplicationError(_("该单位已在合作单位中。"), extra={"field": "partners"})
            partner = Partner(
                application=application,
                organization=organization,
                role=row.get("role") or Partner._meta.get_field("role").default,
                budget_share=_money(row.get("budget_share"), field="partners", label=_("承担专项经费")),
            )
            full_clean(partner, exclude=["application"])
            partner.save()


@transaction.atomic
def application_update(
    *,
    application: Application,
    actor: Any,
    data: dict[str, Any],
    budget: Sequence[dict[str, Any]] | None = None,
    indicators: Sequence[dict[str, Any]] | None = None,
    partners: Sequence[dict[str, Any]] | None = None,
    expected_version: int | None = None,
) -> Application:
    """Edit a draft (or a returned application): the fields in ``data``, and the lines given (each list
    replaces the old one).  Anything refused leaves the application as it was."""
    ensure_allowed(actor, application, "change")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    check_version(locked, expected_version)
    if locked.status not in EDITABLE:
        raise ApplicationError(_("申报书已提交，不能修改。"))
    before = snapshot(locked, FIELDS)
    for name in FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in {"requested_funds", "self_funds"}:
            label = str(getattr(Application._meta.get_field(name), "verbose_name", name))
            value = _money(value, field=name, label=label)
        else:
            value = clean_name(value) if name in {"title", "leader_name"} else str(value or "").strip()
            if name == "leader_identifier":
                value = value.upper()
        setattr(locked, name, value)
    if not locked.title:
        raise ApplicationError(_("请填写项目名称。"), extra={"field": "title"})
    locked.version += 1
    full_clean(locked)
    locked.save()
    _replace_lines(locked, budget=budget, indicators=indicators, partners=partners)
    audit_log(actor=actor, action="program_application.update", target=locked, before=before,
              after={**snapshot(locked, FIELDS), "lines": [x is not None for x in (budget, indicators, partners)]})  # fmt: skip
    return locked


def _leader_load(application: Application) -> int:
    """The leader's ongoing projects and pending applications, this one left out (限项)."""
    others = Application.objects.filter(leader_identifier=application.leader_identifier).exclude(
        pk=application.pk
    )
    return others.filter(Q(status__in=PENDING) | Q(project__status__in=PROJECT_ONGOING)).count()


def application_problems(*, application: Application) -> list[str]:
    """Everything that keeps the application from being submitted, all at once (empty: it may go)."""
    topic = application.topic
    call = topic.call
    problems: list[str] = []
    if not application.leader_name or not application.leader_identifier:
        problems.append(_("请填写项目负责人及其证件号。"))
    requested, own = application.requested_funds, application.self_funds
    if requested <= 0:
        problems.append(_("请填写申请专项经费。"))
    if requested > topic.funding_cap:
        problems.append(
            _("申请专项经费%(asked)s万元超过该方向单项资助上限%(cap)s万元。")
            % {"asked": wan(requested), "cap": wan(topic.funding_cap)}
        )
    need = (requested * topic.co_funding_ratio).quantize(Decimal("0.01"))
    if own < need:
        problems.append(
            _("自筹经费%(own)s万元低于该方向要求的自筹比例（不低于专项经费的%(ratio)s倍，即%(need)s万元）。")
            % {"own": wan(own), "ratio": wan(topic.co_funding_ratio), "need": wan(need)}
        )
    lines = list(application.budget_lines.all())
    if not lines:
        problems.append(_("请填写预算表。"))
    else:
        special_sum = sum((b.special_funds for b in lines), ZERO)
        self_sum = sum((b.self_funds for b in lines), ZERO)
        if special_sum != requested:
            problems.append(
                _("预算表专项经费合计%(sum)s万元与申请专项经费%(asked)s万元不一致。")
                % {"sum": wan(special_sum), "asked": wan(requested)}
            )
        if self_sum != own:
            problems.append(
                _("预算表自筹经费合计%(sum)s万元与自筹经费%(own)s万元不一致。")
                % {"sum": wan(self_sum), "own": wan(own)}
            )
    if not application.indicators.exists():
        problems.append(_("请至少填写一项考核指标。"))
    load = _leader_load(application)
    if application.leader_identifier and load >= call.leader_limit:
        problems.append(
            _("项目负责人%(name)s已承担或申报%(count)s个项目，达到本指南的限项数（%(limit)s项）。")
            % {"name": application.leader_name, "count": load, "limit": call.leader_limit}
        )
    for reason in rule_unmet(
        text=call.eligibility_rule, organization=application.organization, today=timezone.localdate()
    ):
        problems.append(_("不符合申报条件：%(reason)s") % {"reason": reason})
    return problems


@transaction.atomic
def application_submit(
    *, application: Application, actor: Any, expected_version: int | None = None
) -> Application:
    """Submit a draft (or resubmit a returned application) once nothing is wrong with it."""
    ensure_allowed(actor, application, "submit")
    locked = (
        Application.objects.select_for_update()
        .select_related("topic__call", "organization")
        .get(pk=application.pk)
    )
    check_version(locked, expected_version)
    if locked.status not in EDITABLE:
        raise ApplicationError(_("申报书已提交，不能重复提交。"))
    _ensure_may_apply(locked.topic, locked.organization)
    problems = application_problems(application=locked)
    if problems:
        raise ApplicationError(
            _("申报书还有%(n)s处问题，请修改后再提交。") % {"n": len(problems)}, extra={"problems": problems}
        )
    transition(obj=locked, to=ApplicationStatus.SUBMITTED, actor=actor, transitions=APPLICATION_TRANSITIONS)
    Application.objects.filter(pk=locked.pk).update(submitted_at=timezone.now())
    locked.refresh_from_db()
    route_to_recommender(application=locked)
    return locked
