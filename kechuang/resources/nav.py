"""Menu entries of shared resources: the public instrument search; the vouchers of a member of an
organization; officers' settlement queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_organization_ids


def items(user: Any) -> list[tuple[str, str]]:
    out = [
        (_("仪器共享"), reverse("resources:instrument_list")),
        (_("科技服务"), reverse("resources:service_list")),
        (_("科技特派员"), reverse("resources:commissioner_pool")),
    ]
    if user_organization_ids(user):
        out.append((_("我的创新券"), reverse("resources:my_vouchers")))
    if user.is_authenticated and (user_organization_ids(user) or user_is_officer_or_admin(user)):
        out.append((_("开放共享评价"), reverse("resources:evaluation")))
    if user.is_authenticated and user_is_officer_or_admin(user):
        out.append((_("创新券申领审核"), reverse("resources:application_queue")))
        out.append((_("创新券结算"), reverse("resources:settlement_queue")))
    return out
