"""Officer pages of alliances: found one, change its particulars or lead, record its dissolution."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.carriers import services, services_alliances
from kechuang.carriers.forms import AllianceEvaluationForm, AllianceForm
from kechuang.carriers.models import Alliance, AllianceProject
from kechuang.core.pages import page_action, post_action, save_form
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.guards import officer_required


def _editor(request: HttpRequest, save: Any, *, alliance: Any = None) -> HttpResponse:
    initial = AllianceForm.initial_from(alliance) if alliance else None
    form = AllianceForm(request.POST or None, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: save(services_alliances.alliance_resolve(data)),
        success=_("联盟信息已保存。"),
        redirect_to=lambda alliance: reverse("carriers:alliance_detail", args=[alliance.pk]),
    ):
        return saved
    return render(request, "carriers/alliance_form.html", {"form": form, "alliance": alliance})


@officer_required
def alliance_new(request: HttpRequest) -> HttpResponse:
    return _editor(request, lambda values: services.alliance_create(actor=request.user, **values))


@officer_required
def alliance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404_for(request.user, Alliance.objects.select_related("lead"), "change", pk=pk)
    return _editor(
        request,
        lambda values: services_alliances.alliance_update(alliance=alliance, actor=request.user, data=values),
        alliance=alliance,
    )


@officer_required
@require_POST
def alliance_status(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)
    active = request.POST.get("active") == "1"
    return page_action(
        request,
        lambda: services_alliances.alliance_set_active(alliance=alliance, actor=request.user, active=active),
        success=_("联盟已恢复存续。") if active else _("已记录联盟解散，成员和项目记录保留。"),
        redirect_to=reverse("carriers:alliance_detail", args=[pk]),
    )


@officer_required
def alliance_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """The yearly evaluation: a score per criterion; the total and grade appear on the alliance page."""
    alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)
    form = AllianceEvaluationForm(request.POST or None, initial={"year": timezone.localdate().year - 1})

    def save(data: dict[str, Any]) -> Any:
        scores = {key[len("score_") :]: value for key, value in data.items() if key.startswith("score_")}
        return services_alliances.alliance_evaluate(
            alliance=alliance, actor=request.user, year=data["year"], scores=scores, comment=data["comment"]
        )

    if saved := save_form(
        request,
        form,
        save,
        success=lambda e: (
            _("已记录%(year)d年度评价：%(total)s分，%(grade)s。")
            % {"year": e.year, "total": e.total, "grade": e.get_grade_display()}
        ),
        redirect_to=reverse("carriers:alliance_detail", args=[pk]),
    ):
        return saved
    return render(
        request,
        "carriers/alliance_evaluation_form.html",
        {"form": form, "alliance": alliance},
        status=400 if form.errors else 200,
    )


def _project_alliance(request: HttpRequest, pk: int) -> str:
    project = AllianceProject.objects.filter(pk=pk).only("alliance_id").first()
    return reverse("carriers:alliance_detail", args=[project.alliance_id]) if project else "/"


@post_action(success=gettext_lazy("联合项目状态已变更。"), redirect_to=_project_alliance)
def alliance_project_status(request: HttpRequest, pk: int) -> Any:
    project = get_object_or_404_for(
        request.user, AllianceProject.objects.select_related("alliance"), "change", pk=pk
    )
    version = request.POST.get("version", "")
    return services_alliances.alliance_project_transition(
        project=project,
        to=request.POST.get("to", ""),
        actor=request.user,
        note=request.POST.get("note", ""),
        expected_version=int(version) if version.isdigit() else None,
    )
