"""Policy pages: measures and documents (public), “my policies” for enterprises with explanations and
one-click claims, and the officers' pages (who qualifies, push, 免申即享 lists, what-if, review).

Views parse input, call selectors and services, and render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.background import background_threshold, params_of
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import export_response
from kechuang.core.pages import (
    Message,
    add_service_error,
    form_data,
    page_action,
    post_action,
    region_code_param,
    save_form,
    section_param,
)
from kechuang.core.permissions import can
from kechuang.core.tasks import export_start
from kechuang.core.workflow import history
from kechuang.eligibility import RuleError
from kechuang.eligibility.i18n import language
from kechuang.policies import exports, selectors, services
from kechuang.policies.choices import ClaimStatus, MeasureMode
from kechuang.policies.forms import (
    DisbursementForm,
    MeasureFilterForm,
    PolicyFiguresForm,
    ReviewForm,
    RuleEditForm,
    SubmitForm,
)
from kechuang.policies.jobs import auto_claims_job
from kechuang.policies.models import PolicyStatistics
from kechuang.registry.guards import officer_required, user_is_officer_or_admin
from kechuang.registry.selectors import user_officer_roles, user_organizations


def _on(request: HttpRequest) -> dt.date:
    """The application date: today, or ``?on=YYYY-MM-DD`` (to look at a past or coming window).

    A date outside the range the platform computes for is refused (:class:`ApplicationError`)."""
    raw = request.GET.get("on") or request.POST.get("on")
    if raw:
        try:
            on = dt.date.fromisoformat(raw)
        except ValueError:
            return selectors.today()
        return check_date_range(on, field="on", label=pgettext("field", "申请日"))
    return selectors.today()


def _dated(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page computed for ``?on=``: a date refused by :func:`_on`, or one the measure's rule cannot be
    computed for, is shown as an error and the page is shown again for today (``on`` dropped)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (ApplicationError, RuleError) as exc:
            if not request.GET.get("on"):
                raise
            error = exc if isinstance(exc, ApplicationError) else services.rule_not_computed(exc)
            messages.error(request, error.message)
            query = request.GET.copy()
            del query["on"]
            return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)

    return wrapper


def _my_org(request: HttpRequest) -> Any:
    orgs = user_organizations(request.user) if request.user.is_authenticated else []
    wanted = request.GET.get("org") or request.POST.get("org")
    for o in orgs:
        if wanted and str(o.pk) == wanted:
            return o
    return orgs[0] if orgs else None


# --- public ------------------------------------------------------------------------------------


def measure_list(request: HttpRequest) -> HttpResponse:
    form = MeasureFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data if form.is_valid() else {}
    measures = selectors.measure_list(
        user=request.user,
        q=data.get("q", ""),
        benefit_type=data.get("benefit_type", ""),
        mode=data.get("mode", ""),
    )
    return render(
        request,
        "policies/measure_list.html",
        {"form": form, "measures": measures, "is_officer": user_is_officer_or_admin(request.user)},
    )


@_dated
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(user=request.user, pk=pk)
    on = _on(request)
    org = _my_org(request)
    result = selectors.measure_explain(measure=measure, organization=org, on=on) if org else None
    claim = selectors.open_claim(measure=measure, organization=org) if org else None
    context = {
        "measure": measure,
        "rule": measure.rule,
        "org": org,
        "orgs": user_organizations(request.user) if request.user.is_authenticated else [],
        "result": result,
        "category": selectors.categorise(result) if result else "",
        "applies": org is None or selectors.applies_to(measure, org),
        "claim": claim,
        "on": on,
        "is_officer": user_is_officer_or_admin(request.user),
        "can_select": request.user.is_authenticated and can(request.user, measure, "select"),
        "can_change": request.user.is_authenticated and can(request.user, measure, "change"),
    }
    if context["can_change"]:
        context["versions"] = selectors.rule_versions(user=request.user, measure=measure)[:50]
    return render(request, "policies/measure_detail.html", context)


def document_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    return render(
        request,
        "policies/document_list.html",
        {
            "documents": selectors.document_list(user=request.user, q=q),
            "q": q,
            "can_create": user_is_officer_or_admin(request.user),
        },
    )


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    measures = selectors.measure_list(user=request.user).filter(document=doc)
    can_add = user_is_officer_or_admin(request.user) and can(request.user, doc, "change")
    return render(
        request, "policies/document_detail.html", {"doc": doc, "measures": measures, "can_add": can_add}
    )


# --- enterprise ----------------------------------------------------------------------------------


@login_required
@_dated
def my_policies(request: HttpRequest) -> HttpResponse:
    org = _my_org(request)
    if org is None:
        raise Http404(_("对象不存在或无权访问。"))
    on = _on(request)
    overview = selectors.organization_overview(user=request.user, organization=org, on=on)
    context = {
        "org": org,
        "orgs": user_organizations(request.user),
        "can_change": org in user_organizations(request.user, admin_only=True),
        "overview": overview,
        "show_elsewhere": request.GET.get("elsewhere") == "1",
        "on": on,
        "pushes": selectors.push_list(user=request.user, organization=org)[:10],
        "claims": selectors.claim_list(user=request.user).filter(organization=org)[:20],
    }
    return render(request, "policies/my_policies.html", context)


@login_required
@require_POST
def claim_start(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(user=request.user, pk=pk)
    org = _my_org(request)
    if org is None:
        raise Http404(_("对象不存在或无权访问。"))
    return page_action(
        request,
        lambda: services.claim_start(measure=measure, organization=org, actor=request.user, on=_on(request)),
        success=_("已生成申请草稿，申报数据已自动填入，请核对后提交。"),
        redirect_to=lambda claim: reverse("policies:claim_detail", args=[claim.pk]),
        # an open claim for the measure already exists: go to it
        error_redirect=lambda exc: (
            reverse("policies:claim_detail", args=[exc.extra["claim"]])
            if "claim" in exc.extra
            else reverse("policies:measure_detail", args=[measure.pk])
        ),
    )


@login_required
def figures_edit(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    org = selectors.organization_get(user=request.user, pk=org_pk, action="change")
    row = selectors.policy_statistics(user=request.user, organization=org).filter(year=year).first()
    initial = {
        f: ("" if row is None or getattr(row, f) is None else getattr(row, f))
        for f in PolicyStatistics.FIGURES
    }
    form = PolicyFiguresForm(request.POST or None, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: services.policy_statistics_upsert(
            organization=org, actor=request.user, year=year, data=data
        ),
        success=_("政策申报数据已保存。"),
        redirect_to="policies:my_policies",
    ):
        return saved
    return render(request, "policies/figures_edit.html", {"org": org, "year": year, "form": form})


# --- claims ----------------------------------------------------------------------------------------


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    claims = selectors.claim_list(user=request.user, status=status if status in ClaimStatus.values else "")
    return render(
        request,
        "policies/claim_list.html",
        {"claims": claims[:500], "status": status, "statuses": ClaimStatus.choices},
    )


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(user=request.user, pk=pk)
    context = {
        "claim": claim,
        "history": history(claim),
        "disbursements": selectors.disbursement_list(user=request.user, claim=claim),
        "submit_form": SubmitForm(),
        "review_form": ReviewForm(initial={"amount_approved": claim.amount_requested}),
        "disbursement_form": DisbursementForm(
            initial={"amount": claim.amount_approved, "paid_on": selectors.today()}
        ),
        "explanation": (claim.facts_snapshot or {}).get("result", {}).get("explanation"),
    }
    return render(request, "policies/claim_detail.html", context)


def _claim_done(message: Message) -> Callable[[Callable[..., Any]], Callable[..., HttpResponse]]:
    return post_action(success=message, redirect_to="policies:claim_detail")


@_claim_done(gettext_lazy("申请已提交，请等待审核。"))
def claim_submit(request: HttpRequest, pk: int) -> Any:
    claim = selectors.claim_get(user=request.user, pk=pk)
    form = SubmitForm(request.POST)
    form.is_valid()
    return services.claim_submit(claim=claim, actor=request.user, note=form.cleaned_data.get("note", ""))


@_claim_done(gettext_lazy("申请已撤回。"))
def claim_withdraw(request: HttpRequest, pk: int) -> Any:
    return services.claim_withdraw(claim=selectors.claim_get(user=request.user, pk=pk), actor=request.user)


@_claim_done(gettext_lazy("审核结果已保存。"))
def claim_review(request: HttpRequest, pk: int) -> Any:
    claim = selectors.claim_get(user=request.user, pk=pk)
    data = form_data(ReviewForm(request.POST), invalid=_("请选择审核结论。"))
    return services.claim_review(
        claim=claim,
        actor=request.user,
        decision=data["decision"],
        note=data["note"],
        amount_approved=data["amount_approved"],
    )


@_claim_done(gettext_lazy("兑现记录已登记。"))
def claim_disburse(request: HttpRequest, pk: int) -> Any:
    claim = selectors.claim_get(user=request.user, pk=pk)
    data = form_data(DisbursementForm(request.POST), invalid=_("请填写兑现金额和兑现日期。"))
    return services.disbursement_record(claim=claim, actor=request.user, **data)


# --- officers: who qualifies, 免申即享, what-if (the push: views_background) ------------------------


@login_required
@_dated
def qualified(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(user=request.user, pk=pk, action="select")
    on = _on(request)
    qs = selectors.qualified_organizations(user=request.user, measure=measure, on=on)
    unknown = selectors.qualified_organizations(user=request.user, measure=measure, on=on, value=None)
    show_unknown = request.GET.get("show") == "unknown"
    listed = unknown if show_unknown else qs
    # a bar of the charts (or a row of the tables beside them) opens the organizations it counted
    region, section = region_code_param(request), section_param(request)
    if region:
        listed = listed.filter(region_id=region)
    if section:
        listed = listed.filter(industry__path__startswith=section)
    listed = listed.select_related("region", "industry").order_by("region_id", "name")
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    breakdown = selectors.qualified_breakdown(qs)
    day = on.isoformat()
    explain = selectors.measure_explain
    context = {
        "measure": measure,
        "on": on,
        "breakdown": breakdown,
        "region_chart": [
            {"name": name, "value": n, "url": f"?region={code}&on={day}#qualified-list"}
            for code, name, n in breakdown.by_region
        ],
        "industry_chart": [
            {"name": name, "value": n, "url": f"?section={code}&on={day}#qualified-list" if code else ""}
            for code, name, n in breakdown.by_industry
        ],
        "narrowed": bool(region or section),
        "page": page,
        "show_unknown": show_unknown,
        # for the organizations without enough data: which figures are missing (one page at a time)
        "rows": [
            (o, explain(measure=measure, organization=o, on=on).missing if show_unknown else {}) for o in page
        ],
        "unknown": unknown.count(),
        "amount": selectors.amount_total(measure=measure, qs=qs, on=on),
        "automatic": measure.mode == MeasureMode.AUTOMATIC,
    }
    return render(request, "policies/qualified.html", context)


@login_required
@_dated
def qualified_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The qualifying organizations as a workbook; above ``KECHUANG_EXPORT_BACKGROUND_ROWS`` rows a task
    worker builds it and the user watches its progress (``core:job``)."""
    query = request.GET.copy()
    query["measure"] = str(pk)
    spec = exports.qualified_export_spec(request.user, query)
    total = spec.rows.count()  # type: ignore[attr-defined]
    if total > background_threshold():
        job = export_start(
            actor=request.user, provider=exports.qualified_export_spec, params=params_of(query), total=total
        )
        return redirect("core:job", pk=job.pk)
    return export_response(spec.rows, spec.columns, title=spec.title, filename=spec.filename)


@post_action(
    success=lambda count: _("已自动生成 %(n)s 条免申即享兑现记录，请在审核页面确认。") % {"n": count},
    redirect_to="policies:qualified",
)
def _auto_claims_now(request: HttpRequest, pk: int) -> Any:
    measure = selectors.measure_get(user=request.user, pk=pk, action="select")
    return services.auto_claims_generate(measure=measure, actor=request.user, on=_on(request))


@login_required
@require_POST
def auto_claims(request: HttpRequest, pk: int) -> HttpResponse:
    """The 免申即享 list: generated at once, or — for more organizations than
    ``KECHUANG_EXPORT_BACKGROUND_ROWS`` — by a task worker while the officer watches the job page."""
    job = auto_claims_job(request, pk)
    return redirect("core:job", pk=job.pk) if job else _auto_claims_now(request, pk)


@login_required
@_dated
def what_if(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(user=request.user, pk=pk, action="select")
    errors: list[str] = []
    try:
        on = _on(request)
    except ApplicationError as exc:  # shown in the form, which is filled in for today instead
        errors.append(exc.message)
        on = selectors.today()
    thresholds = selectors.measure_thresholds(measure=measure, on=on)
    changes: dict[int, Decimal] = {}
    for t in thresholds:
        raw = (request.GET.get(f"t{t.index}") or "").strip()
        if not raw:
            continue
        try:
            value = Decimal(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
        except InvalidOperation:
            errors.append(_("“%(label)s”的新值应当是数字。") % {"label": t.label})
            continue
        if value != t.value:
            changes[t.index] = value
    result = (
        selectors.what_if(user=request.user, measure=measure, changes=changes, on=on) if not errors else None
    )
    return render(
        request,
        "policies/what_if.html",
        {"measure": measure, "thresholds": thresholds, "result": result, "errors": errors, "on": on,
         "values": {t.index: request.GET.get(f"t{t.index}", "") for t in thresholds}},
    )  # fmt: skip


# --- officers: the rule editor -----------------------------------------------------------------------


def _check_rule(request: HttpRequest, source: str, measure: Any = None) -> dict[str, Any]:
    """Check a rule text: the error (line, column, reason) or its outline in words and the counts in the
    officer's region (selected in SQL) on the application date. Writes nothing."""
    try:
        rule = services.parse_rule(source)
        on = _on(request)
    except ApplicationError as exc:
        return {"rule_error": exc}
    with language(get_language()):
        try:
            tree = rule.compile(on)
        except RuleError as exc:  # checked for one date when parsed, this one leaves the calendar
            return {"rule_error": services.rule_not_computed(exc)}
        outline = selectors.rule_outline(tree)
        try:
            current = measure.rule.compile(on) if measure is not None else None
        except RuleError:  # the saved rule no longer checks (the catalogue changed): no comparison
            current = None
    preview = selectors.rule_preview(user=request.user, tree=tree, current=current)
    return {"checked": rule, "outline": outline, "preview": preview}


def _rule_page(
    request: HttpRequest, *, measure: Any, doc: Any, form: RuleEditForm, extra: dict[str, Any]
) -> HttpResponse:
    try:
        on = _on(request)
    except ApplicationError:  # a refused date is reported by the check; the form carries today's
        on = selectors.today()
    context = {"measure": measure, "doc": doc, "form": form, "on": on, **extra}
    if measure is not None:
        context["versions"] = selectors.rule_versions(user=request.user, measure=measure)[:50]
    return render(request, "policies/rule_edit.html", context)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a measure's rule: check (errors, outline, counts) and save as a new version."""
    measure = selectors.measure_get(user=request.user, pk=pk, action="change")
    if request.method != "POST":
        form = RuleEditForm(initial={"rule_source": measure.rule_source, "expected_hash": measure.rule_hash})
        return _rule_page(request, measure=measure, doc=measure.document, form=form, extra={})
    form = RuleEditForm(request.POST)
    if not form.is_valid():
        return _rule_page(request, measure=measure, doc=measure.document, form=form, extra={})
    source = form.cleaned_data["rule_source"]
    if request.POST.get("action") == "save":
        try:
            version = services.measure_rule_update(
                measure=measure,
                actor=request.user,
                rule_source=source,
                note=form.cleaned_data["note"],
                expected_hash=form.cleaned_data["expected_hash"] or None,
            )
        except ApplicationError as exc:
            extra = {"rule_error": exc} if "line" in exc.extra else {}
            if not extra:
                add_service_error(form, exc)
            return _rule_page(request, measure=measure, doc=measure.document, form=form, extra=extra)
        messages.success(request, _("规则已保存为第 %(n)s 版。") % {"n": version.number})
        return redirect("policies:measure_detail", pk=measure.pk)
    extra = _check_rule(request, source, measure)
    return _rule_page(request, measure=measure, doc=measure.document, form=form, extra=extra)


@login_required
@require_POST
def rule_restore(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    measure = selectors.measure_get(user=request.user, pk=pk, action="change")
    version = selectors.rule_version_get(user=request.user, measure=measure, pk=version_pk)
    return page_action(
        request,
        lambda: services.measure_rule_restore(measure=measure, actor=request.user, version=version),
        success=lambda new: (
            _("已恢复第 %(old)s 版的规则（保存为第 %(n)s 版）。") % {"old": version.number, "n": new.number}
        ),
        redirect_to=reverse("policies:measure_detail", args=[measure.pk]),
    )


RULE_TEMPLATE = """id: {code}
title: 事项名称
summary: 政策条款原文或摘要
source:
  document: {document}
  number: "{number}"
  article: 第×条
effective: {{from: {today}}}
benefit: {{type: subsidy, text: 优惠内容}}
mode: apply
department: 科学技术局
rule:
  all:
    - kind == "enterprise"
    - label: 注册地在本辖区
      when: region under "{region}"
"""


@officer_required
def measure_create(request: HttpRequest, doc_pk: int) -> HttpResponse:
    """Add a measure to a document from a rule text (checked like an edit; saved as a draft)."""
    doc = selectors.document_get_for_change(user=request.user, pk=doc_pk)
    if request.method != "POST":
        roles = user_officer_roles(request.user)
        initial = RULE_TEMPLATE.format(
            code=f"measure-{doc.pk}-{selectors.today():%Y%m%d}",
            document=doc.title.replace(":", "："),
            number=doc.number,
            today=selectors.today().isoformat(),
            region=roles[0].region.code if roles else "220000",
        )
        form = RuleEditForm(initial={"rule_source": initial})
        return _rule_page(request, measure=None, doc=doc, form=form, extra={})
    form = RuleEditForm(request.POST)
    if not form.is_valid():
        return _rule_page(request, measure=None, doc=doc, form=form, extra={})
    source = form.cleaned_data["rule_source"]
    if request.POST.get("action") == "save":
        try:
            measure = services.measure_create(
                document=doc, actor=request.user, rule_source=source, note=form.cleaned_data["note"]
            )
        except ApplicationError as exc:
            extra = {"rule_error": exc} if "line" in exc.extra else {}
            if not extra:
                add_service_error(form, exc)
            return _rule_page(request, measure=None, doc=doc, form=form, extra=extra)
        messages.success(request, _("政策事项已新建（草稿）。"))
        return redirect("policies:measure_detail", pk=measure.pk)
    return _rule_page(request, measure=None, doc=doc, form=form, extra=_check_rule(request, source))
