"""Reads of shared resources: instrument search, bookings as each side sees them, vouchers, the
settlement queue and the reconciliation of the vouchers' money."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.permissions import restrict
from kechuang.registry.selectors import user_organization_ids, user_organizations
from kechuang.resources.choices import ApplicationStatus, BookingStatus, InstrumentStatus, RedemptionStatus
from kechuang.resources.models import (
    ZERO,
    Booking,
    Instrument,
    Redemption,
    Voucher,
    VoucherApplication,
    VoucherScheme,
)


def instrument_search(
    *, user: Any, q: str = "", category: str = "", region: str = ""
) -> QuerySet[Instrument]:
    """Public search: open instruments by name, model or what they measure."""
    qs = restrict(Instrument.objects.all(), user, "view").exclude(status=InstrumentStatus.RETIRED)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(model_number__icontains=q) | Q(measures__icontains=q))
    if category:
        qs = qs.filter(category=category)
    if region:
        qs = qs.filter(region_path__contains=f"{region}/")
    return qs.select_related("owner")


def upcoming_bookings(*, instrument: Instrument) -> QuerySet[Booking]:
    """The approved slots still to come (public: when the instrument is taken, not by whom)."""
    return Booking.objects.filter(
        instrument=instrument, status=BookingStatus.APPROVED, ends_at__gt=timezone.now()
    ).order_by("starts_at")


def my_bookings(*, user: Any) -> QuerySet[Booking]:
    """The bookings the user's organizations requested."""
    return restrict(Booking.objects.all(), user, "apply").select_related("instrument__owner", "organization")


def owner_requests(*, user: Any, status: str = "") -> QuerySet[Booking]:
    """Bookings of the instruments the user's organizations own (the owner's queue)."""
    qs = restrict(Booking.objects.all(), user, "manage")
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("instrument", "organization", "requested_by").order_by("status", "starts_at")


def my_vouchers(*, user: Any) -> QuerySet[Voucher]:
    return Voucher.objects.filter(enterprise_id__in=user_organization_ids(user)).select_related(
        "scheme", "enterprise"
    )


def open_schemes(*, user: Any) -> list[tuple[VoucherScheme, list[Any]]]:
    """The schemes open today that cover a region of one of the user's organizations, each with those
    organizations (the ones that may apply)."""
    today = timezone.localdate()
    organizations = user_organizations(user)
    if not organizations:
        return []
    out = []
    for scheme in VoucherScheme.objects.filter(valid_from__lte=today, valid_until__gte=today).order_by(
        "valid_until", "id"
    ):
        covered = [o for o in organizations if (o.region_path or "").startswith(scheme.region_path)]
        if covered:
            out.append((scheme, covered))
    return out


def my_applications(*, user: Any) -> QuerySet[VoucherApplication]:
    return restrict(VoucherApplication.objects.all(), user, "apply").select_related(
        "scheme", "enterprise", "voucher"
    )


def application_queue(*, user: Any, waiting_only: bool = True) -> QuerySet[VoucherApplication]:
    """The applications of the schemes the officer manages (waiting ones first)."""
    qs = restrict(VoucherApplication.objects.all(), user, "manage")
    if waiting_only:
        qs = qs.filter(status=ApplicationStatus.SUBMITTED)
    return qs.select_related("scheme", "enterprise", "applicant", "voucher").order_by("status", "id")


def managed_vouchers(*, user: Any) -> QuerySet[Voucher]:
    """The vouchers of the schemes the officer manages."""
    return restrict(Voucher.objects.all(), user, "manage").select_related("scheme", "enterprise")


def redeemable_bookings(*, voucher: Voucher) -> QuerySet[Booking]:
    """The enterprise's used bookings this voucher has not paid yet."""
    return (
        Booking.objects.filter(
            organization_id=voucher.enterprise_id, status__in=[BookingStatus.USED, BookingStatus.RATED]
        )
        .exclude(redemptions__voucher=voucher)
        .select_related("instrument")
    )


def settlement_queue(*, user: Any) -> QuerySet[Redemption]:
    """Claims awaiting the officer: claimed (to approve) and approved (to pay)."""
    return (
        restrict(Redemption.objects.all(), user, "settle")
        .filter(status__in=[RedemptionStatus.CLAIMED, RedemptionStatus.APPROVED])
        .select_related(
            "voucher__scheme", "voucher__enterprise", "provider", "booking__instrument", "order__service"
        )
    )


def provider_redemptions(*, user: Any) -> QuerySet[Redemption]:
    return restrict(Redemption.objects.all(), user, "claim").select_related(
        "voucher__scheme", "voucher__enterprise", "booking__instrument", "order__service"
    )


CENT = Decimal("0.01")


def _cents(value: Decimal | None) -> Decimal:
    """A sum in 元 with its cents (SQLite hands sums back without them)."""
    return Decimal(value or ZERO).quantize(CENT)


@dataclass
class SchemeBalance:
    """One scheme's money: issued must equal redeemed + expired + open."""

    scheme: VoucherScheme
    issued: Decimal
    redeemed: Decimal
    expired: Decimal
    open: Decimal

    @property
    def difference(self) -> Decimal:
        return self.issued - self.redeemed - self.expired - self.open


@dataclass
class ProviderBalance:
    """One provider's redemptions by settlement status (their sum is what it was redeemed)."""

    provider_id: int
    provider: str
    redeemed: Decimal
    by_status: dict[str, Decimal] = field(default_factory=dict)
    # bookings or orders paid beyond the scheme's share: ("booking" | "order", id)
    over_covered: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Reconciliation:
    schemes: list[SchemeBalance]
    providers: list[ProviderBalance]
    vouchers_off: list[tuple[int, str]] = field(default_factory=list)  # (voucher, enterprise) not balanced

    @property
    def mismatches(self) -> list[str]:
        out = [
            _(
                "%(scheme)s：发放%(issued)s元 ≠ 已抵扣%(redeemed)s元 + 过期收回%(expired)s元 + 未使用%(open)s元"
            )
            % {
                "scheme": s.scheme.name,
                "issued": s.issued,
                "redeemed": s.redeemed,
                "expired": s.expired,
                "open": s.open,
            }
            for s in self.schemes
            if s.difference
        ]
        out += [
            _("%(enterprise)s的创新券（编号%(pk)s）：面额 ≠ 已抵扣 + 过期收回 + 余额")
            % {"enterprise": e, "pk": pk}
            for pk, e in self.vouchers_off
        ]
        what = {"booking": _("预约"), "order": _("服务委托")}
        out += [
            _("%(provider)s：%(what)s（编号%(pk)s）的抵扣超过了计划可补贴的费用")
            % {"provider": p.provider, "what": what[kind], "pk": pk}
            for p in self.providers
            for kind, pk in p.over_covered
        ]
        return out


def reconcile(*, schemes: QuerySet[VoucherScheme]) -> Reconciliation:
    """Add up the vouchers of ``schemes`` two ways: what they were issued and what became of it — the
    redemptions (counted from the redemption rows, not from the vouchers), the expired amounts and the open
    balances — per scheme and per voucher; and per provider, what it was redeemed, by settlement status
    (no booking paid beyond the share of its fee the scheme covers)."""
    rows = []
    for scheme in schemes.order_by("-year", "id"):
        vouchers = Voucher.objects.filter(scheme=scheme).aggregate(
            issued=Sum("amount"), expired=Sum("expired_amount"), open=Sum("balance")
        )
        redeemed = Redemption.objects.filter(voucher__scheme=scheme).aggregate(total=Sum("amount"))["total"]
        rows.append(
            SchemeBalance(
                scheme=scheme,
                issued=_cents(vouchers["issued"]),
                redeemed=_cents(redeemed),
                expired=_cents(vouchers["expired"]),
                open=_cents(vouchers["open"]),
            )
        )
    redemptions = Redemption.objects.filter(voucher__scheme__in=schemes)
    providers: dict[int, ProviderBalance] = {}
    for r in redemptions.values("provider_id", "provider__name", "status").annotate(total=Sum("amount")):
        p = providers.setdefault(
            r["provider_id"],
            ProviderBalance(provider_id=r["provider_id"], provider=r["provider__name"], redeemed=ZERO),
        )
        p.redeemed += _cents(r["total"])
        p.by_status[r["status"]] = p.by_status.get(r["status"], ZERO) + _cents(r["total"])
    covered: dict[tuple[str, int], Decimal] = {}
    paid: dict[tuple[str, int], tuple[int, Decimal]] = {}
    for row in redemptions.values(
        "provider_id",
        "booking_id",
        "order_id",
        "amount",
        "booking__fee",
        "order__fee",
        "voucher__scheme__share_percent",
    ):
        key = ("booking", row["booking_id"]) if row["booking_id"] else ("order", row["order_id"])
        fee = row["booking__fee"] if row["booking_id"] else row["order__fee"]
        share = (fee or ZERO) * row["voucher__scheme__share_percent"] / 100
        covered[key] = max(covered.get(key, ZERO), share.quantize(CENT, rounding=ROUND_HALF_UP))
        before = paid.get(key, (row["provider_id"], ZERO))[1]
        paid[key] = (row["provider_id"], before + row["amount"])
    for key, (provider_id, total) in sorted(paid.items()):
        if total > covered[key]:
            providers[provider_id].over_covered.append(key)
    vouchers_off = [
        (v["pk"], v["enterprise__name"])
        for v in Voucher.objects.filter(scheme__in=schemes)
        .annotate(used=Sum("redemptions__amount"))
        .values("pk", "enterprise__name", "amount", "expired_amount", "balance", "used")
        .order_by("pk")
        if _cents(v["amount"]) != _cents(v["used"]) + _cents(v["expired_amount"]) + _cents(v["balance"])
    ]
    return Reconciliation(
        schemes=rows,
        providers=sorted(providers.values(), key=lambda p: p.provider),
        vouchers_off=vouchers_off,
    )


def reconciliation(*, user: Any) -> Reconciliation:
    """The reconciliation of the schemes the user manages."""
    return reconcile(schemes=restrict(VoucherScheme.objects.all(), user, "manage"))
