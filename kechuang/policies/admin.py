"""Admin: read-mostly views of the policy data. Rules, claims and payments change through the services
(pages, API, ``manage.py policies_load``) so that every change is checked and audited."""

from django.contrib import admin

from kechuang.core.admin import ReadOnlyAdmin
from kechuang.policies.models import (
    Claim,
    Disbursement,
    Measure,
    PolicyDocument,
    PolicyStatistics,
    PushNotice,
)


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "level", "issued_on", "source"]
    list_filter = ["level", "source"]
    search_fields = ["title", "number"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["title", "code", "benefit_type", "mode", "status", "department_name"]
    list_filter = ["benefit_type", "mode", "status"]
    search_fields = ["title", "code"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "measure",
        "organization",
        "origin",
        "status",
        "amount_requested",
        "amount_approved",
    ]
    list_filter = ["status", "origin"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ["claim", "amount", "paid_on", "voucher_no"]


@admin.register(PushNotice)
class PushNoticeAdmin(ReadOnlyAdmin):
    list_display = ["measure", "organization", "created_at"]


@admin.register(PolicyStatistics)
class PolicyStatisticsAdmin(ReadOnlyAdmin):
    list_display = ["organization", "year", "tech_staff", "high_tech_revenue", "ip_count"]
