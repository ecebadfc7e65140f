"""Complaint pages (投诉与维权): lodge, follow, assign, answer, close."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, post_action, save_form
from kechuang.core.permissions import can
from kechuang.quality import selectors
from kechuang.quality.choices import ComplaintCategory, ComplaintStatus
from kechuang.quality.forms import AnswerForm, AssignForm, ComplaintForm, VersionForm
from kechuang.quality.models import Complaint
from kechuang.quality.services.complaints import complaint_lodge, complaint_transition
from kechuang.registry.selectors import organization_with_uscc, user_is_officer, user_organizations

DETAIL = "quality:complaint_detail"


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.complaint_list(user=request.user, status=status, overdue=overdue)
    return render(
        request,
        "quality/complaint_list.html",
        {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "status": status,
            "overdue": overdue,
            "statuses": ComplaintStatus.choices,
            "is_officer": user_is_officer(request.user),
        },
    )


def _lodge(request: HttpRequest, data: dict) -> Complaint:
    region = selectors.complaint_region(code=data["region"])
    if region is None:
        raise ApplicationError(_("地区代码不存在。"), extra={"field": "region"})
    about = None
    if data["about"]:
        about = organization_with_uscc(uscc=data["about"])
        if about is None:
            raise ApplicationError(_("未找到该统一社会信用代码对应的单位。"), extra={"field": "about"})
    organizations = user_organizations(request.user)
    if data["on_behalf"] and not organizations:
        raise ApplicationError(_("您不是任何单位的成员，不能以单位名义投诉。"), extra={"field": "on_behalf"})
    return complaint_lodge(
        actor=request.user,
        subject=data["subject"],
        category=data["category"] or ComplaintCategory.OTHER,
        body=data["body"],
        region=region,
        about=about,
        lodging_organization=organizations[0] if data["on_behalf"] else None,
    )


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: _lodge(request, data),
        success=lambda c: _("投诉已登记，办理期限至%(date)s。") % {"date": c.deadline.isoformat()},
        redirect_to=lambda c: reverse(DETAIL, kwargs={"pk": c.pk}),
    ):
        return saved
    return render(request, "quality/complaint_new.html", {"form": form})


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    return render(
        request,
        "quality/complaint_detail.html",
        {
            "complaint": complaint,
            "departments": selectors.complaint_departments(complaint=complaint)
            if can(request.user, complaint, "assign")
            else [],
        },
    )


@post_action(success=gettext_lazy("投诉已交办。"), redirect_to=DETAIL)
def complaint_assign(request: HttpRequest, pk: int) -> object:
    complaint = selectors.complaint_get_or_refuse(user=request.user, pk=pk, action="assign")
    data = form_data(AssignForm(request.POST), invalid=_("请选择承办部门。"))
    department = selectors.complaint_departments(complaint=complaint).filter(pk=data["department"]).first()
    if department is None:
        raise ApplicationError(_("承办部门须为投诉所在地区的部门。"))
    return complaint_transition(
        complaint=complaint,
        to=ComplaintStatus.ASSIGNED,
        actor=request.user,
        department=department,
        expected_version=data["version"],
    )


@post_action(success=gettext_lazy("答复已提交。"), redirect_to=DETAIL)
def complaint_answer(request: HttpRequest, pk: int) -> object:
    complaint = selectors.complaint_get_or_refuse(user=request.user, pk=pk, action="answer")
    data = form_data(AnswerForm(request.POST), invalid=_("请填写答复意见。"))
    return complaint_transition(
        complaint=complaint,
        to=ComplaintStatus.ANSWERED,
        actor=request.user,
        answer=data["answer"],
        expected_version=data["version"],
    )


@post_action(success=gettext_lazy("投诉已办结。"), redirect_to=DETAIL)
def complaint_close(request: HttpRequest, pk: int) -> object:
    complaint = selectors.complaint_get_or_refuse(user=request.user, pk=pk, action="close")
    data = form_data(VersionForm(request.POST), invalid=_("操作不正确，请刷新页面后重试。"))
    return complaint_transition(
        complaint=complaint, to=ComplaintStatus.CLOSED, actor=request.user, expected_version=data["version"]
    )
