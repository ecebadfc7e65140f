"""Nominations (推荐): a unit puts an organization forward for a call — how 名牌产品, 质量奖 and
科学技术奖 are entered. The application is the nominee's; the nominating unit's admins prepare and submit it
(the nominee's admins may too), and every later step is the same workflow as for a direct application.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_visible
from kechuang.recognition.models import Application, Call
from kechuang.recognition.services._common import draft_create
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_organization_ids
from kechuang.registry.services import ensure_can_apply


@transaction.atomic
def application_nominate(
    *,
    call: Call,
    nominator: Organization,
    organization: Organization,
    title: str,
    actor: Any,
    summary: str = "",
) -> Application:
    """Start a draft for ``organization`` nominated by ``nominator``. Only an admin of the nominating unit,
    which must itself be verified and in good standing; not for itself; only while the call is open."""
    ensure_visible(actor, call)
    if nominator.pk not in user_organization_ids(actor, admin_only=True):
        raise ApplicationError(_("只有推荐单位的管理员可以提名。"), extra={"field": "nominator"})
    if nominator.pk == organization.pk:
        raise ApplicationError(_("推荐单位不能提名本单位，请直接申报。"), extra={"field": "organization"})
    ensure_can_apply(nominator)
    return draft_create(
        call=call,
        organization=organization,
        nominator=nominator,
        title=title,
        summary=summary,
        actor=actor,
        action="application.nominate",
        taken=ApplicationError(
            _("%(org)s已在本批次申报或被提名。") % {"org": organization.name}, extra={"field": "organization"}
        ),
    )
