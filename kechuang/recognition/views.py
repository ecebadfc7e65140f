"""Recognition pages: public calls, publicity and verification; the applicant's application; officer
pipeline, ranking, export, panel and decisions.  Views call services and selectors only."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, page_action, post_action, save_form
from kechuang.core.permissions import can, get_object_or_404_for
from kechuang.core.workflow import allowed_actions, history
from kechuang.quality.selectors import fame_candidates
from kechuang.recognition import selectors, services
from kechuang.recognition.certificate import CertificateData, render_certificate_pdf
from kechuang.recognition.choices import EDITABLE, TRANSITION_ACTORS, TRANSITIONS, Actor, ApplicationStatus
from kechuang.recognition.forms import (
    ApplicationForm,
    AttachmentForm,
    BulkForm,
    CallForm,
    NominationForm,
    ReEvaluationForm,
    TransitionForm,
    VerifyForm,
)
from kechuang.recognition.indicators import IndicatorSystemError, parse_indicator_system
from kechuang.recognition.models import ApplicationAttachment, Objection
from kechuang.recognition.services.trademarks import names_trademark
from kechuang.registry.selectors import organization_with_uscc, user_organizations
from kechuang.review.forms import ObjectionAnswerForm, ObjectionForm
from kechuang.review.selectors import item_assignments, item_for_subject, panel_for_owner, panel_progress

S = ApplicationStatus


def _detail(pk: int) -> str:
    return reverse("recognition:application_detail", args=[pk])


# ----------------------------------------------------------------------------------------------- public


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recognition/index.html",
        {
            "schemes": selectors.scheme_list(user=request.user),
            "calls": selectors.call_list(user=request.user).exclude(status="draft")[:50],
            "publicity_count": selectors.publicity_list().count(),
        },
    )


def _indicator_sheet(call: Any) -> Any:
    try:
        return parse_indicator_system(call.indicator_system)
    except IndicatorSystemError:
        return None


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    orgs = user_organizations(request.user, admin_only=True)
    existing = {a.organization_id: a for a in selectors.my_applications(user=request.user).filter(call=call)}
    eligibility = {org.pk: services.eligibility_check(call=call, organization=org) for org in orgs}
    return render(
        request,
        "recognition/call_detail.html",
        {
            "call": call,
            "orgs": orgs,
            "existing": existing,
            "eligibility": eligibility,
            "form": ApplicationForm(),
            "nomination_form": NominationForm(units=orgs) if orgs else None,
            "can_manage": can(request.user, call, "manage"),
            "system": _indicator_sheet(call),
        },
    )


@login_required
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit (推荐单位) nominates another organization: a draft the unit then completes and submits."""
    call = selectors.call_get(user=request.user, pk=pk)

    def create() -> Any:
        data = form_data(NominationForm(request.POST), invalid=_("请填写被推荐单位和申报名称。"))
        units = {o.pk: o for o in user_organizations(request.user, admin_only=True)}
        nominator = units.get(data["nominator"])
        if nominator is None:
            raise ApplicationError(_("只有推荐单位的管理员可以提名。"))
        nominee = organization_with_uscc(uscc=data["uscc"])
        if nominee is None:
            raise ApplicationError(_("未找到该统一社会信用代码对应的单位。"), extra={"field": "uscc"})
        return services.application_nominate(
            call=call,
            nominator=nominator,
            organization=nominee,
            title=data["title"],
            summary=data["summary"],
            actor=request.user,
        )

    return page_action(
        request,
        create,
        success=_("已创建提名草稿，请上传推荐材料后提交。"),
        redirect_to=lambda application: reverse("recognition:application_detail", args=[application.pk]),
        error_redirect=reverse("recognition:call_detail", args=[call.pk]),
    )


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)

    def create() -> Any:
        orgs = {o.pk: o for o in user_organizations(request.user, admin_only=True)}
        try:
            org = orgs[int(request.POST.get("organization", "0"))]
        except (KeyError, ValueError) as exc:
            raise ApplicationError(_("只有本单位管理员可以申报。")) from exc
        data = form_data(ApplicationForm(request.POST), invalid=_("请填写申报名称。"))
        return services.application_create(
            call=call, organization=org, title=data["title"], summary=data["summary"], actor=request.user
        )

    return page_action(
        request,
        create,
        success=_("已创建申报草稿，请上传材料后提交。"),
        redirect_to=lambda application: reverse("recognition:application_detail", args=[application.pk]),
        error_redirect=reverse("recognition:call_detail", args=[call.pk]),
    )


def publicity(request: HttpRequest) -> HttpResponse:
    call = None
    if request.GET.get("call"):
        try:
            call = selectors.call_get(user=request.user, pk=int(request.GET["call"]))
        except ValueError as exc:
            raise Http404 from exc
    return render(
        request,
        "recognition/publicity.html",
        {"applications": selectors.publicity_list(call=call), "call": call},
    )


def objection(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.publicity_get(pk=pk)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_lodge(application=application, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("异议已提交，主管部门将依法核查处理。"))
            return redirect("recognition:publicity")
    return render(request, "recognition/objection.html", {"application": application, "form": form})


def verify(request: HttpRequest, code: str | None = None) -> HttpResponse:
    form = VerifyForm(request.GET or None) if code is None else VerifyForm({"code": code})
    certificate = None
    searched = False
    if form.is_valid():
        searched = True
        certificate = selectors.certificate_by_code(code=form.cleaned_data["code"])
    return render(
        request,
        "recognition/verify.html",
        {"form": form, "certificate": certificate, "searched": searched},
    )


# -------------------------------------------------------------------------------------------- applicant


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recognition/my_applications.html",
        {
            "applications": selectors.my_applications(user=request.user),
            "calls": selectors.open_calls(user=request.user),
        },
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    is_applicant = can(request.user, application, "change")
    is_officer = can(request.user, application, "decide")
    actions = allowed_actions(application, request.user)
    item = item_for_subject(subject=application)
    context = {
        "application": application,
        "is_applicant": is_applicant,
        "is_officer": is_officer,
        "editable": is_applicant and application.status in EDITABLE,
        "form": ApplicationForm(
            initial={
                "title": application.title,
                "summary": application.summary,
                "version": application.version,
                "trademark": application.trademark_id,
            },
            trademarks=_trademark_choices(application),
        ),
        "attachment_form": AttachmentForm(),
        "attachments": application.attachments.all(),
        "actions": actions,
        "applicant_moves": actions.moves(permission="submit"),
        "officer_moves": actions.moves(permission="decide"),
        "re_evaluation_form": ReEvaluationForm(initial={"version": application.version}),
        "history": history(application),
        "objections": selectors.objections_for(user=request.user, application=application)
        if is_officer
        else [],
        "resolve_form": ObjectionAnswerForm(text_field="resolution"),
        "review_rows": item_assignments(user=request.user, item=item) if (item and is_officer) else [],
        "item": item,
        "certificate": getattr(application, "certificate", None) if application.status != S.DRAFT else None,
    }
    return render(request, "recognition/application_detail.html", context)


def _trademark_choices(application: Any) -> list[Any] | None:
    """The applicant's trademarks when the scheme recognises one (著名商标), else None (no such field)."""
    if not names_trademark(application):
        return None
    return fame_candidates(organization=application.organization)


@post_action(success=gettext_lazy("已保存。"), redirect_to="recognition:application_detail")
def application_edit(request: HttpRequest, pk: int) -> Any:
    application = selectors.application_get(user=request.user, pk=pk, action="change")
    form = ApplicationForm(request.POST, trademarks=_trademark_choices(application))
    data = form_data(form, invalid=_("请填写申报名称。"))
    return services.application_update(
        application=application,
        actor=request.user,
        title=data["title"],
        summary=data["summary"],
        expected_version=data["version"],
        trademark=data.get("trademark"),
    )


@post_action(success=gettext_lazy("材料已上传。"), redirect_to="recognition:application_detail")
def attachment_upload(request: HttpRequest, pk: int) -> Any:
    application = selectors.application_get(user=request.user, pk=pk, action="change")
    data = form_data(AttachmentForm(request.POST, request.FILES), invalid=_("请填写材料名称并选择文件。"))
    return services.attachment_add(
        application=application, actor=request.user, title=data["title"], file=data["file"]
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404_for(request.user, ApplicationAttachment.objects.all(), "change", pk=pk)
    return page_action(
        request,
        lambda: services.attachment_delete(attachment=attachment, actor=request.user),
        success=_("材料已删除。"),
        redirect_to=_detail(attachment.application_id),
    )


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404_for(request.user, ApplicationAttachment.objects.all(), "view", pk=pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1]
    )


@post_action(
    success=lambda moved: _("状态已变更为“%(status)s”。") % {"status": moved.get_status_display()},
    redirect_to=lambda request, pk: request.POST.get("next") or _detail(pk),
)
def application_transition(request: HttpRequest, pk: int) -> Any:
    application = selectors.application_get(user=request.user, pk=pk)
    data = form_data(TransitionForm(request.POST), invalid=_("操作不正确，请刷新页面后重试。"))
    return services.application_transition(
        application=application,
        to=data["to"],
        actor=request.user,
        note=data["note"],
        expected_version=data["version"],
    )


@login_required
@require_POST
def re_evaluation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk, action="decide")
    form = ReEvaluationForm(request.POST)
    if not form.is_valid():  # the form's choices are fixed: only a forged post is invalid
        return redirect(_detail(pk))
    return page_action(
        request,
        lambda: services.re_evaluation_decide(
            application=application,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        ),
        success=_("复核结论已保存。"),
        redirect_to=_detail(pk),
    )


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    certificate = getattr(application, "certificate", None)
    if certificate is None:
        raise Http404(_("对象不存在或无权访问。"))
    scheme = application.call.scheme
    data = CertificateData(
        title=_("%(title)s认定证书") % {"title": scheme.recognition_title},
        holder=application.organization.name,
        recognition=scheme.recognition_title,
        number=certificate.number,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        issuer=scheme.department.name,
        verification_code=certificate.verification_code,
        verify_url=request.build_absolute_uri(
            reverse("recognition:verify_code", args=[certificate.verification_code])
        ),
    )
    response = HttpResponse(render_certificate_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@login_required
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404_for(request.user, Objection.objects.select_related("application"), "view", pk=pk)

    def resolve() -> Any:
        data = form_data(
            ObjectionAnswerForm(request.POST, text_field="resolution"), invalid=_("请填写处理意见。")
        )
        return services.objection_resolve(
            objection=obj, actor=request.user, upheld=data["upheld"], resolution=data["resolution"]
        )

    return page_action(request, resolve, success=_("异议已处理。"), redirect_to=_detail(obj.application_id))


# ---------------------------------------------------------------------------------------------- officer


@login_required
def officer_calls(request: HttpRequest) -> HttpResponse:
    calls = selectors.managed_calls(user=request.user)
    can_create = selectors.managed_schemes(user=request.user).exists()
    return render(
        request,
        "recognition/officer_calls.html",
        {
            "calls": calls,
            "can_create": can_create,
            "pipelines": selectors.pipeline_by_scheme(user=request.user),
        },
    )


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    schemes = selectors.managed_schemes(user=request.user)
    if not schemes.exists():
        raise Http404(_("对象不存在或无权访问。"))
    form = CallForm(request.POST or None, schemes=schemes, initial={"scheme": request.GET.get("scheme")})
    if saved := save_form(
        request,
        form,
        lambda data: services.call_create(actor=request.user, **data),
        success=_("申报批次已创建，发布后企业即可申报。"),
        redirect_to=lambda call: reverse("recognition:call_pipeline", args=[call.pk]),
    ):
        return saved
    return render(request, "recognition/call_form.html", {"form": form})


@post_action(
    success=lambda moved: _("申报批次状态已变更为“%(status)s”。") % {"status": moved.get_status_display()},
    redirect_to="recognition:call_pipeline",
)
def call_status(request: HttpRequest, pk: int) -> Any:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    version = int(request.POST.get("version", 0))
    return services.call_transition(
        call=call, to=request.POST.get("to", ""), actor=request.user, expected_version=version
    )


@login_required
def call_pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    status = request.GET.get("status") or None
    if status and status not in S.values:
        status = None
    if request.method == "POST":
        form = BulkForm(request.POST)
        if form.is_valid():
            result = services.application_bulk_transition(
                application_ids=form.cleaned_data["ids"],
                to=form.cleaned_data["to"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
            if result.done:
                messages.success(request, _("已处理%(n)d件申请。") % {"n": len(result.done)})
            for app_id, message in result.failed:
                messages.error(request, _("申请%(id)s：%(message)s") % {"id": app_id, "message": message})
        else:
            messages.error(request, _("请选择申请和操作。"))
        return redirect(f"{reverse('recognition:call_pipeline', args=[pk])}?status={status or ''}")
    due = request.GET.get("due") == "1"
    if due:
        status = S.RECOGNISED
        applications = selectors.due_for_re_evaluation(user=request.user, call=call)
    else:
        applications = selectors.call_applications(user=request.user, call=call, status=status)
    page = Paginator(applications, 100).get_page(request.GET.get("page"))
    bulk_moves = []
    if status:
        bulk_moves = [
            (to, S(to).label)
            for to in TRANSITIONS[status]
            if TRANSITION_ACTORS[(status, to)] == Actor.OFFICER
        ]
    panel = panel_for_owner(owner=call)
    call_moves = list(allowed_actions(call, request.user))
    return render(
        request,
        "recognition/call_pipeline.html",
        {
            "call": call,
            "counts": selectors.pipeline_counts(user=request.user, call=call),
            "status": status,
            "page": page,
            "bulk_moves": bulk_moves,
            "panel": panel,
            "progress": panel_progress(panel=panel) if panel else None,
            "call_moves": call_moves,
            "due": due,
            "due_count": selectors.due_for_re_evaluation(user=request.user, call=call).count(),
        },
    )


@login_required
def call_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    page = Paginator(selectors.ranking_rows(user=request.user, call=call), 200).get_page(
        request.GET.get("page")
    )
    # rows are plain dicts with the link prebuilt: 200 rows render without a URL reversal each
    detail = reverse("recognition:application_detail", args=[0])[: -len("0/")]
    labels = dict(S.choices)
    rows = [
        {**row, "url": f"{detail}{row['pk']}/", "status_label": labels.get(row["status"], row["status"])}
        for row in page.object_list
    ]
    return render(request, "recognition/call_ranking.html", {"call": call, "page": page, "rows": rows})


EXPORT_COLUMNS = [
    gettext_noop("排名"),
    gettext_noop("申报单位"),
    gettext_noop("统一社会信用代码"),
    gettext_noop("申报名称"),
    gettext_noop("状态"),
    gettext_noop("指标得分"),
    gettext_noop("专家评分"),
    gettext_noop("总分"),
    gettext_noop("专家分歧较大"),
]


@login_required
def call_export(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook

    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("评审结果"))
    ws.append([_(c) for c in EXPORT_COLUMNS])
    for row in selectors.export_rows(user=request.user, call=call):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="call-{call.pk}-results.xlsx"'
    return response
