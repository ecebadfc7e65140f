"""Researchers resident at a workstation (博士后、研究生、院士工作站): the entry (进站) of a person with the
project they come for, and their exit (出站, the move 在站 → 出站 of ``RESIDENT_TRANSITIONS``). Both are
audited; the exit writes a status-change row through the transition kernel.

Who: the admins of the workstation's lead host organization (the enterprise or institute that runs it),
the officers who may change the carrier, and platform admins (``permissions.resident_rule``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.carriers.choices import RESIDENT_TRANSITIONS, WORKSTATION_KINDS, ResidentStatus
from kechuang.carriers.models import Carrier, Resident
from kechuang.carriers.permissions import residents_q
from kechuang.carriers.services_alliances import organization_from_text
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can, not_allowed
from kechuang.core.workflow import transition


def may_manage_residents(user: Any, carrier: Carrier) -> bool:
    """Whether the user records entries and exits at this workstation (the rule of ``resident_rule``,
    asked before a resident exists)."""
    if user_is_platform_admin(user):
        return True
    return Carrier.objects.filter(residents_q(user), pk=carrier.pk).exists()


def _required(values: dict[str, str]) -> None:
    labels = {
        "name": _("姓名"),
        "identifier": _("人员编号"),
        "title": _("职称或身份"),
        "home_institution": _("所在单位"),
        "field": _("研究领域"),
        "project": _("在站课题"),
    }
    missing = [key for key in labels if not values.get(key, "").strip()]
    if missing:
        raise ApplicationError(
            _("请填写%(fields)s。") % {"fields": "、".join(str(labels[k]) for k in missing)},
            extra={"field": missing[0]},
        )


@transaction.atomic
def resident_enter(
    *,
    actor: Any,
    carrier: Carrier,
    name: str,
    identifier: str,
    title: str,
    home_institution: str,
    field: str,
    project: str,
    started_on: dt.date,
    planned_end: dt.date | None = None,
) -> Resident:
    """A researcher enters the workstation (进站). ``home_institution`` is a 统一社会信用代码 or a name: a
    directory organization is linked when found, the name is kept either way."""
    locked = Carrier.objects.select_for_update().get(pk=carrier.pk)
    if not may_manage_residents(actor, locked):
        raise not_allowed()
    if locked.kind not in WORKSTATION_KINDS:
        raise ApplicationError(_("只有博士后工作站、研究生工作站和院士工作站登记在站人员。"))
    if not locked.in_force:
        raise ApplicationError(
            _("该工作站%(status)s，不能再办理进站。") % {"status": locked.get_status_display()}
        )
    values = {
        "name": " ".join(name.split()),
        "identifier": identifier.strip().upper(),
        "title": title.strip(),
        "home_institution": home_institution.strip(),
        "field": field.strip(),
        "project": project.strip(),
    }
    _required(values)
    if started_on > timezone.localdate():
        raise ApplicationError(_("进站日期不能晚于今天。"), extra={"field": "started_on"})
    if planned_end is not None and planned_end <= started_on:
        raise ApplicationError(_("计划出站日期应晚于进站日期。"), extra={"field": "planned_end"})
    if Resident.objects.filter(
        carrier=locked, identifier=values["identifier"], status=ResidentStatus.IN_STATION
    ).exists():
        raise ApplicationError(
            _("编号为%(identifier)s的人员已在本工作站在站。") % {"identifier": values["identifier"]},
            extra={"field": "identifier"},
        )
    home = organization_from_text(values["home_institution"])
    resident = Resident(
        carrier=locked,
        name=values["name"],
        identifier=values["identifier"],
        title=values["title"],
        home_institution=home,
        home_institution_name=home.name if home else values["home_institution"],
        field=values["field"],
        project=values["project"],
        started_on=started_on,
        planned_end=planned_end,
    )
    clean_and_save(resident)
    audit_log(actor=actor, action="resident.enter", target=resident, after=snapshot(resident))
    return resident


@transaction.atomic
def resident_exit(
    *,
    actor: Any,
    resident: Resident,
    ended_on: dt.date,
    note: str = "",
    expected_version: int | None = None,
) -> Resident:
    """The researcher leaves the workstation (出站) on ``ended_on``, with what the term produced."""
    ensure_can(actor, resident, "manage")
    if ended_on < resident.started_on:
        raise ApplicationError(_("出站日期不能早于进站日期。"), extra={"field": "ended_on"})
    if ended_on > timezone.localdate():
        raise ApplicationError(_("出站日期不能晚于今天。"), extra={"field": "ended_on"})
    transition(
        obj=resident,
        to=ResidentStatus.LEFT,
        actor=actor,
        transitions=RESIDENT_TRANSITIONS,
        note=note.strip(),
        expected_version=expected_version,
    )
    Resident.objects.filter(pk=resident.pk).update(ended_on=ended_on, exit_note=note.strip())
    resident.refresh_from_db()
    audit_log(
        actor=actor, action="resident.exit", target=resident, after={"ended_on": ended_on, "note": note}
    )
    return resident
