"""The integrity list (失信名单) pages: officers record and lift decisions for their region's organizations."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, int_param, page_size, post_action, save_form
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry import selectors
from kechuang.registry.choices import IntegrityKind
from kechuang.registry.forms_integrity import IntegrityLiftForm, IntegrityRecordForm
from kechuang.registry.guards import officer_required
from kechuang.registry.models import IntegrityRecord, Organization
from kechuang.registry.selectors_integrity import integrity_records
from kechuang.registry.services_integrity import integrity_record_add, integrity_record_lift
from kechuang.registry.validators import clean_uscc

STATES = (
    ("in_force", gettext_lazy("限制中")),
    ("lifted", gettext_lazy("已移出")),
    ("", gettext_lazy("全部")),
)


@officer_required
def integrity_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "in_force")
    state = state if state in dict(STATES) else "in_force"
    query = request.GET.get("q", "").strip()[:60]
    page = selectors.keyset_page(
        integrity_records(user=request.user, state=state, query=query),
        after=int_param(request, "after"),
        size=page_size(request),
    )
    return render(
        request,
        "registry/integrity_list.html",
        {"page": page, "state": state, "states": STATES, "query": query, "kinds": IntegrityKind},
    )


def _organization_by_uscc(request: HttpRequest, uscc: str) -> Organization:
    try:
        code = clean_uscc(uscc)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, extra={"field": "uscc"}) from exc
    try:
        return get_object_or_404_for(request.user, Organization.objects.all(), "verify", uscc=code)
    except Http404 as exc:  # a hidden and a missing organization answer alike
        raise ApplicationError(
            _("您辖区内没有统一社会信用代码为%(uscc)s的主体。") % {"uscc": code}, extra={"field": "uscc"}
        ) from exc


@officer_required
def integrity_add(request: HttpRequest) -> HttpResponse:
    initial = {"uscc": request.GET.get("uscc", "")[:30]}
    form = IntegrityRecordForm(request.POST or None, initial=initial)

    def save(data: dict) -> IntegrityRecord:
        return integrity_record_add(
            actor=request.user,
            organization=_organization_by_uscc(request, data["uscc"]),
            kind=data["kind"],
            reason=data["reason"],
            document=data["document"],
            authority=data["authority"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=lambda record: (
            _("已将%(org)s列入%(kind)s名单，其申报将被拒绝并告知原因。")
            % {"org": record.organization.name, "kind": record.get_kind_display()}
        ),
        redirect_to=reverse("registry:integrity_list"),
    ):
        return saved
    return render(request, "registry/integrity_form.html", {"form": form})


@officer_required
@post_action(
    success=gettext_lazy("已移出失信名单，该主体可以重新申报。"),
    redirect_to=lambda request, pk: reverse("registry:integrity_list"),
)
def integrity_lift(request: HttpRequest, pk: int) -> IntegrityRecord:
    record = get_object_or_404_for(request.user, IntegrityRecord.objects.all(), "change", pk=pk)
    data = form_data(IntegrityLiftForm(request.POST), invalid=_("请填写移出原因。"))
    return integrity_record_lift(actor=request.user, record=record, reason=data["reason"])
