"""Pages of the deciding half: recommending units (setup and their queue), bulk moves in the officers'
queue, the call's review scheme, ranking and funding decision, 立项公示 with objections, 下达, and the
expert's program tasks with read-only materials.  Views parse input and call services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.pages import form_data, page_size, post_action
from kechuang.programs import selectors, services
from kechuang.programs import selectors_deciding as deciding
from kechuang.programs.choices import ApplicationStatus
from kechuang.programs.forms_deciding import BulkForm, RecommenderForm, ReviewSchemeForm
from kechuang.programs.models import Call
from kechuang.registry.guards import officer_required
from kechuang.review.forms import ObjectionAnswerForm, ObjectionForm

S = ApplicationStatus


def _call_page(name: str) -> Any:
    return lambda request, pk: reverse(name, args=[pk])


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values]  # a forged value → ValueError → "refresh and retry"


def setup_context(*, call: Call) -> dict[str, Any]:
    """The deciding part of a call's setup page: its recommending units and review scheme."""
    indicators = services.review_indicators(call)
    return {
        "recommenders": deciding.call_recommenders(call=call),
        "recommender_form": RecommenderForm(),
        "scheme_form": ReviewSchemeForm(
            initial={
                "version": call.version,
                "indicators": "\n".join(f"{i['name']}|{i['max_score']}" for i in indicators),
                "experts_per_item": call.experts_per_item,
                "publicity_days": call.publicity_days,
                "panels_by_topic": call.panels_by_topic,
            }
        ),
    }


# ------------------------------------------------------------------------------------------------ setup


@post_action(success=gettext_lazy("已添加推荐单位。"), redirect_to="programs:setup_call")
def recommender_add(request: HttpRequest, pk: int) -> Any:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    form = RecommenderForm(request.POST)
    data = form_data(form, invalid=_("请填写推荐单位的统一社会信用代码。"))
    return services.recommender_add(
        call=call,
        actor=request.user,
        uscc=data["uscc"],
        region_code=data["region"],
        covered_usccs=form.covered_codes(),
    )


@post_action(
    success=gettext_lazy("已移除推荐单位。"),
    redirect_to=lambda request, pk: reverse("programs:setup_index"),
)
def recommender_remove(request: HttpRequest, pk: int) -> Any:
    recommender = deciding.recommender_get(user=request.user, pk=pk)
    return services.recommender_remove(recommender=recommender, actor=request.user)


@post_action(success=gettext_lazy("评审指标已保存。"), redirect_to="programs:setup_call")
def review_scheme(request: HttpRequest, pk: int) -> Any:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    data = form_data(ReviewSchemeForm(request.POST), invalid=_("请检查评审指标、专家数和公示天数。"))
    return services.call_review_scheme_set(
        call=call,
        actor=request.user,
        indicators_text=data["indicators"],
        experts_per_item=data["experts_per_item"],
        publicity_days=data["publicity_days"],
        panels_by_topic=data["panels_by_topic"],
        expected_version=data["version"],
    )


# ----------------------------------------------------------------------------------------- the queues


@officer_required
@post_action(
    success=lambda n: _("已处理%(n)d项。") % {"n": n},
    redirect_to=lambda request: (
        reverse("programs:officer_queue") + f"?status={request.POST.get('status', '')}"
    ),
)
def officer_bulk(request: HttpRequest) -> Any:
    """One move for the ticked applications of the queue (all or none)."""
    data = form_data(BulkForm(request.POST), invalid=_("请选择要执行的操作。"))
    return services.application_bulk_transition(
        ids=_ints(request.POST.getlist("ids")), to=data["to"], actor=request.user, note=data["note"]
    )


@login_required
def recommend_queue(request: HttpRequest) -> HttpResponse:
    """推荐单位: the applications sent to the user's units, waiting ones first."""
    status = request.GET.get("status") or S.SUBMITTED
    if status not in S.values:
        status = S.SUBMITTED
    page = Paginator(deciding.recommend_queue(user=request.user, status=status), 50).get_page(
        request.GET.get("page")
    )
    tabs = [(s.value, s.label) for s in (S.SUBMITTED, S.RECOMMENDED, S.RETURNED)]
    return render(request, "programs/recommend_queue.html", {"page": page, "status": status, "tabs": tabs})


# ------------------------------------------------------------------------------- ranking and funding


@officer_required
def call_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """评审排序与立项: the call's applications after formal check, best score first, with the budget."""
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    topics = list(selectors.call_topics(call=call))
    topic = request.GET.get("topic", "")
    topic_id = int(topic) if topic.isdigit() else None
    ranking = deciding.call_ranking(user=request.user, call=call, topic=topic_id)
    page = Paginator(ranking, page_size(request)).get_page(request.GET.get("page"))
    summary = services.call_funding_summary(call=call)
    per_topic = summary["per_topic"]
    panels = deciding.call_panels(call=call)
    return render(
        request,
        "programs/call_decision.html",
        {
            "call": call,
            "page": page,
            "first_rank": page.start_index(),
            "topic": topic_id,
            "topics": [(t, *per_topic.get(t.pk, (0, 0))) for t in topics],
            "summary": summary,
            "panels": panels,
            "panels_closed": any(panel.closed_at for _topic, panel in panels),
            "states": deciding.call_state_counts(user=request.user, call=call),
        },
    )


@post_action(
    success=lambda n: _("已汇总%(n)d项的专家评分。") % {"n": n}, redirect_to="programs:call_decision"
)
def call_review_collect(request: HttpRequest, pk: int) -> Any:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    return services.review_results_collect(call=call, actor=request.user)


@post_action(
    success=lambda apps: _("已确定%(n)d个拟立项项目。") % {"n": len(apps)},
    redirect_to="programs:call_decision",
)
def call_fund(request: HttpRequest, pk: int) -> Any:
    """The amounts typed on the ranking page (``amount_<id>``); blank ones are left undecided."""
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    amounts = {
        int(key.removeprefix("amount_")): value.strip()
        for key, value in request.POST.items()
        if key.startswith("amount_") and value.strip()
    }
    return services.funding_decide(
        call=call, actor=request.user, amounts=amounts, expected_version=int(request.POST.get("version", ""))
    )


@post_action(
    success=lambda n: _("已发布%(n)d个项目的立项公示。") % {"n": n}, redirect_to="programs:call_decision"
)
def call_publicity_start(request: HttpRequest, pk: int) -> Any:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    return services.publicity_start(call=call, actor=request.user)


@post_action(
    success=lambda r: _("已下达%(n)d个项目。") % {"n": r["issued"]}, redirect_to="programs:call_decision"
)
def call_issue(request: HttpRequest, pk: int) -> Any:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    return services.call_issue(call=call, actor=request.user)


# ------------------------------------------------------------------------------- publicity (public)


def call_publicity(request: HttpRequest, pk: int) -> HttpResponse:
    """立项公示 (public): the projects on publicity or issued, with the dates and an objection form."""
    call = selectors.call_get(user=request.user, pk=pk)
    today = timezone.localdate()
    rows = [
        (a, a.status == S.PUBLICITY and a.publicity_starts_on <= today <= a.publicity_ends_on)
        for a in deciding.publicity_list(call=call)
    ]
    return render(
        request, "programs/call_publicity.html", {"call": call, "rows": rows, "form": ObjectionForm()}
    )


@post_action(
    success=gettext_lazy("异议已提交，主管部门将核实处理。"),
    redirect_to=lambda request, pk, app: reverse("programs:call_publicity", args=[pk]),
)
def objection_lodge(request: HttpRequest, pk: int, app: int) -> Any:
    call = selectors.call_get(user=request.user, pk=pk)
    application = deciding.publicity_application(call=call, pk=app)
    data = form_data(ObjectionForm(request.POST), invalid=_("请填写异议人、联系方式和异议内容。"))
    return services.objection_lodge(application=application, actor=request.user, **data)


@post_action(
    success=gettext_lazy("已处理异议。"),
    redirect_to=lambda request, pk, objection: reverse("programs:application_detail", args=[pk]),
)
def objection_answer(request: HttpRequest, pk: int, objection: int) -> Any:
    found = deciding.objection_get(user=request.user, pk=objection, application=pk)
    data = form_data(ObjectionAnswerForm(request.POST), invalid=_("请选择处理结论并填写处理意见。"))
    return services.objection_answer(
        objection=found, actor=request.user, upheld=data["upheld"], answer=data["answer"]
    )


# ----------------------------------------------------------------------------------------------- experts


@login_required
def expert_tasks(request: HttpRequest) -> HttpResponse:
    """The expert's program review tasks: each application's materials and score sheet."""
    return render(
        request, "programs/expert_tasks.html", {"tasks": deciding.expert_program_tasks(user=request.user)}
    )


@login_required
def expert_application(request: HttpRequest, pk: int) -> HttpResponse:
    """An application's materials, read-only, for the experts reviewing it (and its other viewers)."""
    application = selectors.application_get(user=request.user, pk=pk)
    return render(
        request,
        "programs/expert_application.html",
        {
            "application": application,
            "budget_lines": application.budget_lines.all(),
            "indicators": application.indicators.all(),
            "partners": application.partners.select_related("organization"),
        },
    )
