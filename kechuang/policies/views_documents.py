"""Officer pages of policy documents: enter one with its file, correct it or record when it ceased to
apply; publish or withdraw a measure drafted from it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import page_action
from kechuang.core.permissions import get_object_or_404_for
from kechuang.policies import selectors, services
from kechuang.policies.choices import MeasureStatus
from kechuang.policies.forms_documents import DocumentForm
from kechuang.policies.models import Measure
from kechuang.registry.guards import officer_required


def _values(form: DocumentForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("attachment", None)
    return data


def _editor(request: HttpRequest, save: Any, *, doc: Any = None) -> HttpResponse:
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial=DocumentForm.initial_from(doc) if doc else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(_values(form), form.cleaned_data.get("attachment"))
        except ApplicationError as exc:
            for field, message in (exc.extra.get("fields") or {exc.extra.get("field"): exc.message}).items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("政策文件已保存，可以逐条新增政策事项。"))
            return redirect("policies:document_detail", pk=saved.pk)
    return render(request, "policies/document_form.html", {"form": form, "doc": doc})


@officer_required
def document_new(request: HttpRequest) -> HttpResponse:
    return _editor(
        request, lambda data, file: services.document_create(actor=request.user, data=data, attachment=file)
    )


@officer_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get_for_change(user=request.user, pk=pk)
    return _editor(
        request,
        lambda data, file: services.document_update(
            document=doc, actor=request.user, data=data, attachment=file
        ),
        doc=doc,
    )


@officer_required
@require_POST
def measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404_for(request.user, Measure.objects.all(), "change", pk=pk)
    status = request.POST.get("status", "")
    labels = dict(MeasureStatus.choices)
    return page_action(
        request,
        lambda: services.measure_set_status(measure=measure, actor=request.user, status=status),
        success=lambda m: _("政策事项已改为“%(status)s”。") % {"status": labels.get(m.status, m.status)},
        redirect_to=reverse("policies:measure_detail", args=[pk]),
    )
