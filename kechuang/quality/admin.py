"""Admin: read-only quality registers, credit and complaints (changes go through the audited services)."""

from __future__ import annotations

from django.contrib import admin

from kechuang.core.admin import ReadOnlyAdmin
from kechuang.quality import models

for _model in (
    models.Patent,
    models.Trademark,
    models.Standard,
    models.CreditEvent,
    models.CreditGrade,
    models.Complaint,
):
    admin.site.register(_model, ReadOnlyAdmin)
