"""Admin: shared resources are read-only here; every write goes through the services (audited)."""

from __future__ import annotations

from django.contrib import admin

from kechuang.core.admin import ReadOnlyAdmin
from kechuang.resources.models import Booking, Instrument, Redemption, Voucher, VoucherScheme


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = ["name", "owner", "category", "status", "original_value"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "organization", "starts_at", "ends_at", "status"]


@admin.register(VoucherScheme)
class VoucherSchemeAdmin(ReadOnlyAdmin):
    list_display = ["name", "department", "year", "budget", "share_percent"]


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "enterprise", "amount", "balance", "expired_amount", "status"]


@admin.register(Redemption)
class RedemptionAdmin(ReadOnlyAdmin):
    list_display = ["voucher", "booking", "provider", "amount", "status"]
