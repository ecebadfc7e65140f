"""Registry pages: organization list/detail/edit, yearly statistics, verification, designations, parks, pickers.

Views parse input, call selectors and services, and render. Every object comes from a selector that
scopes by permission first, so hidden and missing objects are the same 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.errors import ApplicationError
from kechuang.core.pages import (
    add_service_error,
    cleaned,
    int_param,
    is_htmx,
    page_action,
    page_size,
    save_form,
)
from kechuang.core.permissions import can
from kechuang.core.templatetags.kechuang import region_path
from kechuang.registry import selectors, services, services_parks
from kechuang.registry.choices import OrganizationKind
from kechuang.registry.forms import (
    DesignationForm,
    OrganizationFilterForm,
    OrganizationForm,
    ParkForm,
    ParkMemberForm,
    StatisticsForm,
    VerificationForm,
)
from kechuang.registry.guards import officer_required, user_is_officer_or_admin
from kechuang.registry.models import YearlyStatistics
from kechuang.registry.selectors import membership_list
from kechuang.registry.selectors_integrity import integrity_block_message, integrity_blocks, integrity_records

# ---------------------------------------------------------------------------------------------------------
# Organization list


def _filters_from(form: OrganizationFilterForm) -> selectors.OrganizationFilters | None:
    """Filters from the valid fields; a region or industry typed as a name is resolved to its code.

    Returns None when an input names nothing (the page then shows the message and no rows).
    """
    form.is_valid()
    region = cleaned(form, "region").strip()
    industry = cleaned(form, "industry").strip()
    try:
        if region and not region.isdigit():
            region = services.resolve_region(region).code
        if industry:
            found = services.resolve_industry(industry)
            industry = found.code if found else ""
    except ApplicationError as exc:
        add_service_error(form, exc)
        return None
    return selectors.OrganizationFilters(
        q=cleaned(form, "q").strip(),
        kind=cleaned(form, "kind"),
        region=region,
        industry=industry,
        size=cleaned(form, "size"),
        verification_status=cleaned(form, "verification_status"),
        designation=cleaned(form, "designation"),
        park=cleaned(form, "park", None),
    )


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    """Search and filter the organizations the user may see; keyset pages of 20–200 rows; htmx updates."""
    form = OrganizationFilterForm(request.GET, parks=selectors.park_choices(user=request.user))
    filters = _filters_from(form)
    size = page_size(request)
    if request.GET.get("count") == "1":
        # The total is fetched by htmx after the rows are shown: counting a large region costs as much as
        # the rest of the page, and the first screen should not wait for it.
        total = selectors.organization_list(user=request.user, filters=filters).count() if filters else 0
        return render(request, "registry/_organization_count.html", {"total": total})
    if filters is None:
        page = selectors.Page(rows=[], next_after=None, prev_before=None)
    else:
        page = selectors.organization_page(
            user=request.user,
            filters=filters,
            after=int_param(request, "after"),
            before=int_param(request, "before"),
            size=size,
        )
    context = {"form": form, "page": page, "size": size, "filters_ok": filters is not None}
    if is_htmx(request) and request.headers.get("HX-Target") == "results":
        return render(request, "registry/_organization_results.html", context)
    return render(request, "registry/organization_list.html", context)


# ---------------------------------------------------------------------------------------------------------
# Organization detail and edit


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organization_get(user=request.user, pk=pk)
    user = request.user
    can_change = can(user, org, "change")
    can_verify = can(user, org, "verify")
    can_manage_members = can(user, org, "manage_members")
    context = {
        "org": org,
        "statistics": list(selectors.organization_statistics(organization=org)),
        "designations": list(selectors.organization_designations(organization=org)),
        "park_memberships": list(selectors.organization_parks(organization=org)),
        "can_change": can_change,
        # output, new products, exports, profit and tax are an enterprise's figures, not a university's
        "enterprise_figures": org.kind == OrganizationKind.ENTERPRISE,
        "can_verify": can_verify,
        "can_manage_members": can_manage_members,
        "members": list(membership_list(organization=org)) if (can_change or can_verify) else None,
        "is_officer_view": user_is_officer_or_admin(user),
        "integrity_records": list(integrity_records(user=user, organization=org)[:20]),
    }
    blocks = integrity_blocks(organization=org)
    context["integrity_in_force"] = integrity_block_message(blocks[0], own=False) if blocks else ""
    return render(request, "registry/organization_detail.html", context)


def _organization_initial(org: Any) -> dict[str, Any]:
    return {
        "name": org.name,
        "uscc": org.uscc,
        "kind": org.kind,
        "region": org.region_id,
        "industry": org.industry.code_with_section if org.industry_id else "",
        "size": org.size,
        "founded_on": org.founded_on.isoformat() if org.founded_on else "",
        "registered_capital": org.registered_capital if org.registered_capital is not None else "",
        "legal_representative": org.legal_representative,
        "address": org.address,
        "contact_person": org.contact_person,
        "contact_phone": org.contact_phone,
        "website": org.website,
        "description": org.description,
    }


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The organization's admin, an officer of its region or a platform admin edits the profile."""
    org = selectors.organization_get(user=request.user, pk=pk, action="change")
    user = request.user
    form = OrganizationForm(request.POST or None, initial=_organization_initial(org))
    form.fields["region"].help_text = _("当前：%(region)s") % {"region": region_path(org.region)}
    if org.industry_id:
        form.fields["industry"].help_text = _("当前：%(industry)s") % {"industry": org.industry.name}
    # The service decides (services.EDITABLE_FIELDS); the form only shows its answer. A disabled field keeps
    # the stored value whatever is posted, and the service would refuse a change anyway.
    editable = services.organization_editable_fields(actor=user, organization=org)
    locked = (
        _("已核验主体的此项信息只能由主管部门修改，如需变更请联系所在地科技部门。")
        if org.is_verified
        else _("您无权修改此项。")
    )
    for name in sorted(set(form.fields) - editable):
        field = form.fields[name]
        field.disabled = True
        field.help_text = f"{field.help_text} {locked}" if field.help_text else locked
    if not user_is_platform_admin(user) and org.kind != OrganizationKind.GOVERNMENT:
        form.fields["kind"].choices = [
            c for c in OrganizationKind.choices if c[0] != OrganizationKind.GOVERNMENT
        ]
    if saved := save_form(
        request,
        form,
        lambda data: services.organization_update(organization=org, actor=user, data=data),
        success=_("主体信息已保存。"),
        redirect_to=reverse("registry:organization_detail", args=[org.pk]),
    ):
        return saved
    return render(request, "registry/organization_edit.html", {"org": org, "form": form})


@officer_required
def organization_create(request: HttpRequest) -> HttpResponse:
    """An officer (inside their region subtree) or a platform admin registers an organization, verified."""
    form = OrganizationForm(request.POST or None)
    if not user_is_platform_admin(request.user):
        form.fields["kind"].choices = [
            c for c in OrganizationKind.choices if c[0] != OrganizationKind.GOVERNMENT
        ]
    if saved := save_form(
        request,
        form,
        lambda data: services.organization_register(
            actor=request.user, uscc=data["uscc"], data={k: v for k, v in data.items() if k != "uscc"}
        ),
        success=_("主体已登记（已核验）。"),
        redirect_to=lambda org: reverse("registry:organization_detail", args=[org.pk]),
    ):
        return saved
    return render(request, "registry/organization_create.html", {"form": form})


def _last_year() -> int:
    return timezone.localdate().year - 1


@login_required
def statistics_edit(request: HttpRequest, pk: int, year: int | None = None) -> HttpResponse:
    """Add a year's figures, or correct an existing year (``year`` in the URL)."""
    org = selectors.organization_get(user=request.user, pk=pk, action="change")
    existing = None
    initial: dict[str, Any] = {}
    if year is not None:
        existing = selectors.organization_statistics(organization=org).filter(year=year).first()
        if existing is None:
            raise Http404(_("对象不存在或无权访问。"))
        initial = {name: getattr(existing, name) for name in YearlyStatistics.FIGURES}
        initial = {k: ("" if v is None else v) for k, v in initial.items()}
        initial["year"] = year
    elif not selectors.organization_statistics(organization=org).filter(year=_last_year()).exists():
        initial["year"] = _last_year()  # the year the workbench asks for, so nobody types it
    form = StatisticsForm(
        request.POST or None, initial=initial, enterprise=org.kind == OrganizationKind.ENTERPRISE
    )
    if existing is not None:
        form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if existing is not None:
            data["year"] = year
        elif (
            str(data["year"]).strip().isdigit()
            and selectors.organization_statistics(organization=org).filter(year=int(data["year"])).exists()
        ):
            form.add_error("year", _("该年度的统计数据已存在，请在统计表中点击“修改”。"))
        if not form.errors:
            try:
                services.statistics_upsert(organization=org, actor=request.user, data=data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("年度统计数据已保存。"))
                return redirect(reverse("registry:organization_detail", args=[org.pk]) + "#statistics")
    return render(
        request,
        "registry/statistics_edit.html",
        {"org": org, "form": form, "year": year, "existing": existing},
    )


@login_required
def designation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer of the region records a designation (高新技术企业 with its certificate, …)."""
    org = selectors.organization_get(user=request.user, pk=pk, action="verify")
    form = DesignationForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services.designation_add(
            organization=org,
            actor=request.user,
            kind=data["kind"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            certificate_no=data["certificate_no"],
            issuer=data["issuer"],
        ),
        success=_("资质认定已登记。"),
        redirect_to=reverse("registry:organization_detail", args=[org.pk]) + "#designations",
    ):
        return saved
    return render(request, "registry/designation_form.html", {"org": org, "form": form})


# ---------------------------------------------------------------------------------------------------------
# Verification


@officer_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.verification_queue(user=request.user)
    page = selectors.keyset_page(
        queue, after=int_param(request, "after"), size=page_size(request), oldest_first=True
    )
    return render(
        request,
        "registry/verification_queue.html",
        {"page": page, "total": queue.count(), "form": VerificationForm()},
    )


@login_required
def organization_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject one pending organization (a reason is required to reject)."""
    org = selectors.organization_get(user=request.user, pk=pk, action="verify")
    form = VerificationForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_verify(
                organization=org,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            done = True
            if not is_htmx(request):
                messages.success(
                    request,
                    _("已处理：%(name)s（%(status)s）。")
                    % {"name": org.name, "status": org.get_verification_status_display()},
                )
                return redirect("registry:verification_queue")
    context = {"org": org, "form": form, "done": done}
    if is_htmx(request):
        return render(request, "registry/_verification_row.html", context)
    return render(request, "registry/organization_verify.html", context)


# ---------------------------------------------------------------------------------------------------------
# Parks


def park_list(request: HttpRequest) -> HttpResponse:
    """Parks are public reference information; their member lists are scoped per viewer."""
    can_create = user_is_officer_or_admin(request.user)
    return render(
        request,
        "registry/park_list.html",
        {"parks": selectors.park_list(user=request.user), "can_create": can_create},
    )


@officer_required
def park_create(request: HttpRequest) -> HttpResponse:
    form = ParkForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services_parks.park_create(actor=request.user, data=data),
        success=_("园区已创建。"),
        redirect_to=lambda park: reverse("registry:park_detail", args=[park.pk]),
    ):
        return saved
    return render(request, "registry/park_form.html", {"form": form})


def park_detail(request: HttpRequest, pk: int) -> HttpResponse:
    park = selectors.park_get(user=request.user, pk=pk)
    can_change = request.user.is_authenticated and can(request.user, park, "change")
    page = selectors.keyset_page(
        selectors.park_members(user=request.user, park=park).select_related("industry"),
        after=int_param(request, "after"),
        size=page_size(request),
    )
    members = page.rows
    entered = dict(
        park.memberships.filter(organization__in=[m.pk for m in members]).values_list(
            "organization_id", "entered_on"
        )
    )
    for org in members:
        org.entered_on = entered.get(org.pk)
    return render(
        request,
        "registry/park_detail.html",
        {
            "park": park,
            "members": members,
            "page": page,
            "member_total": park.memberships.count(),
            "can_change": can_change,
            "form": ParkMemberForm() if can_change else None,
        },
    )


@login_required
@require_POST
def park_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    park = selectors.park_get(user=request.user, pk=pk, action="change")
    form = ParkMemberForm(request.POST)
    if form.is_valid():
        org = selectors.organization_by_uscc(user=request.user, uscc=form.cleaned_data["uscc"])
        if org is None:
            form.add_error(
                "uscc",
                _("找不到统一社会信用代码为%(uscc)s的主体，或该主体不在您的辖区。")
                % {"uscc": form.cleaned_data["uscc"].strip().upper()},
            )
        else:
            try:
                services_parks.park_add_member(
                    park=park,
                    organization=org,
                    actor=request.user,
                    entered_on=form.cleaned_data["entered_on"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("已将%(name)s加入园区。") % {"name": org.name})
                return redirect("registry:park_detail", pk=park.pk)
    for error in form.errors.values():
        for message in error:
            messages.error(request, message)
    return redirect("registry:park_detail", pk=park.pk)


@login_required
@require_POST
def park_member_remove(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    park = selectors.park_get(user=request.user, pk=pk, action="change")
    org = selectors.organization_get(user=request.user, pk=org_pk)
    return page_action(
        request,
        lambda: services_parks.park_remove_member(park=park, organization=org, actor=request.user),
        success=_("已将%(name)s移出园区。") % {"name": org.name},
        redirect_to=reverse("registry:park_detail", args=[park.pk]),
    )


# ---------------------------------------------------------------------------------------------------------
# Pickers (htmx autocomplete). Reference data is public: the sign-up form uses them too.


def _picker_query(request: HttpRequest) -> str:
    value = request.GET.get("q")
    if value is None:
        value = next((v for k, v in request.GET.items() if k not in {"size", "after", "before"}), "")
    return value[:40]


def region_search(request: HttpRequest) -> HttpResponse:
    regions = selectors.region_search(q=_picker_query(request)).select_related("parent__parent")
    return render(
        request,
        "registry/_picker_options.html",
        {"options": [(r.code, r) for r in regions], "kind": "region"},
    )


def industry_search(request: HttpRequest) -> HttpResponse:
    industries = selectors.industry_search(q=_picker_query(request))
    return render(
        request,
        "registry/_picker_options.html",
        {"options": [(i.code_with_section, i) for i in industries], "kind": "industry"},
    )
