"""Pages of voucher applications: the enterprise applies for a voucher of an open scheme and may withdraw;
the scheme's officer issues (with an amount) or declines; the officer's list of vouchers with the expiry of
those whose scheme has ended."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, post_action, save_form
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.guards import officer_required, user_is_officer_or_admin
from kechuang.registry.selectors import user_officer_roles
from kechuang.resources import selectors
from kechuang.resources.forms import ApplyForm, DeclineForm, IssueForm, SchemeForm
from kechuang.resources.models import VoucherApplication
from kechuang.resources.services import applications as services
from kechuang.resources.services import vouchers as voucher_services


@login_required
def voucher_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The application form for one open scheme (only schemes covering one of the user's organizations)."""
    found = {scheme.pk: (scheme, orgs) for scheme, orgs in selectors.open_schemes(user=request.user)}
    if pk not in found:
        raise Http404(_("对象不存在或无权访问。"))
    scheme, organizations = found[pk]
    by_pk = {o.pk: o for o in organizations}
    form = ApplyForm(request.POST or None, enterprises=[(o.pk, o.name) for o in organizations])

    def save(data: dict[str, Any]) -> VoucherApplication:
        return services.voucher_apply(
            actor=request.user,
            scheme=scheme,
            enterprise=by_pk[data["enterprise"]],
            amount=data["amount"],
            purpose=data["purpose"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=_("申领已提交，等待科技部门审核发券。"),
        redirect_to=reverse("resources:my_vouchers"),
    ):
        return saved
    return render(request, "resources/voucher_apply.html", {"scheme": scheme, "form": form})


@officer_required
def scheme_create(request: HttpRequest) -> HttpResponse:
    """An officer opens a voucher scheme of one of the departments they serve."""
    departments = {role.department_id: role.department for role in user_officer_roles(request.user)}
    form = SchemeForm(request.POST or None, departments=[(k, d.name) for k, d in departments.items()])

    def save(data: dict[str, Any]) -> Any:
        department = departments[data.pop("department")]
        return voucher_services.scheme_create(actor=request.user, department=department, **data)

    if saved := save_form(
        request,
        form,
        save,
        success=_("创新券计划已设立，辖区企业可以申领。"),
        redirect_to=reverse("resources:reconciliation"),
    ):
        return saved
    return render(request, "resources/scheme_form.html", {"form": form})


@post_action(
    success=gettext_lazy("操作成功。"),
    redirect_to=lambda request, pk: (
        reverse("resources:my_vouchers")
        if request.POST.get("action") == "withdraw"
        else reverse("resources:application_queue")
    ),
)
def application_action(request: HttpRequest, pk: int) -> Any:
    """An application's buttons: the officer's issue (amount) and decline (reason), the enterprise's withdrawal."""
    application = get_object_or_404_for(request.user, VoucherApplication.objects.all(), "view", pk=pk)
    action = request.POST.get("action", "")
    version = int(request.POST.get("version") or application.version)
    if action == "issue":
        data = form_data(IssueForm(request.POST), invalid=_("请填写发放金额。"))
        return services.application_issue(
            actor=request.user, application=application, amount=data["amount"], expected_version=version
        )
    if action == "decline":
        data = form_data(DeclineForm(request.POST), invalid=_("请填写不予发券的理由。"))
        return services.application_decline(
            actor=request.user, application=application, note=data["note"], expected_version=version
        )
    if action == "withdraw":
        return services.application_withdraw(actor=request.user, application=application)
    raise ApplicationError(_("操作不正确，请刷新页面后重试。"))


@officer_required
def application_queue(request: HttpRequest) -> HttpResponse:
    everything = request.GET.get("all") == "1"
    return render(
        request,
        "resources/application_queue.html",
        {
            "applications": selectors.application_queue(user=request.user, waiting_only=not everything),
            "everything": everything,
        },
    )


@officer_required
def officer_vouchers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/officer_vouchers.html",
        {"vouchers": selectors.managed_vouchers(user=request.user)[:500]},
    )


@post_action(
    success=lambda expired: _("已将%(n)s张过期创新券的余额收回预算。") % {"n": len(expired)},
    redirect_to=lambda request: reverse("resources:officer_vouchers"),
)
def vouchers_expire(request: HttpRequest) -> Any:
    """Expire every open voucher (of the officer's schemes) whose scheme has ended."""
    if not user_is_officer_or_admin(request.user):
        raise Http404(_("对象不存在或无权访问。"))
    return services.vouchers_expire_due(
        actor=request.user, vouchers=selectors.managed_vouchers(user=request.user)
    )
