"""What the recognition demo loaders share: indicator rows, an organization's admin, a call opened or
moved back into the past (everything still through the services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kechuang.accounts.models import User
from kechuang.recognition.choices import CallStatus
from kechuang.recognition.models import Call, Scheme
from kechuang.recognition.services import call_create, call_transition
from kechuang.registry.choices import MembershipRole
from kechuang.registry.models import Membership, Organization


def threshold(code: str, name: str, max_score: str, metric: str, bands: str) -> dict[str, Any]:
    """An indicator scored from the enterprise's figures: ``bands`` as ``"1:5 3:10 5:15"`` (at least 1 →
    5 points, at least 3 → 10, …)."""
    return {
        "code": code,
        "name": name,
        "max_score": max_score,
        "method": "threshold",
        "metric": metric,
        "bands": [{"min": low, "score": score} for low, score in (band.split(":") for band in bands.split())],
    }


def expert(code: str, name: str, max_score: str) -> dict[str, Any]:
    """An indicator the review experts score."""
    return {"code": code, "name": name, "max_score": max_score, "method": "expert"}


def admin_of(org: Organization) -> User | None:
    membership = (
        Membership.objects.filter(organization=org, role=MembershipRole.ADMIN).select_related("user").first()
    )
    return membership.user if membership else None


def applicant_admin(org: Organization) -> User:
    """The organization's admin (a demo user without a password is made when it has none)."""
    if admin := admin_of(org):
        return admin
    user, created = User.objects.get_or_create(
        username=f"demo_org_{org.pk}", defaults={"display_name": f"{org.name}管理员"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": MembershipRole.ADMIN})
    return user


def open_call(
    *, scheme: Scheme, year: int, title: str, days: tuple[int, int], quota: int, notice: str, actor: User
) -> Call:
    """A call opened ``days[0]`` days ago that closes in ``days[1]`` days."""
    now = timezone.now()
    call = call_create(
        scheme=scheme,
        year=year,
        title=title,
        opens_at=now - dt.timedelta(days=days[0]),
        closes_at=now + dt.timedelta(days=days[1]),
        quota=quota,
        notice=notice,
        actor=actor,
    )
    call_transition(call=call, to=CallStatus.OPEN, actor=actor)
    return call


def close_as_of(call: Call, *, actor: User, opened: dt.datetime, closed: dt.datetime) -> None:
    """Close a finished call and date it back to when it ran, so its history reads naturally."""
    call_transition(call=call, to=CallStatus.CLOSED, actor=actor)
    Call.objects.filter(pk=call.pk).update(opens_at=opened, closes_at=closed)
