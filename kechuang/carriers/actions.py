"""The buttons of the carrier workflow (``CARRIER_TRANSITIONS``): officers responsible for a carrier warn,
reinstate, revoke or merge it, and add hosts while it is in force."""

from __future__ import annotations

from kechuang.carriers.choices import (
    CARRIER_IN_FORCE,
    CARRIER_TRANSITIONS,
    PROJECT_TRANSITIONS,
    RESIDENT_TRANSITIONS,
    CarrierStatus,
    ProjectStatus,
    ResidentStatus,
)
from kechuang.carriers.models import AllianceProject, Carrier, Resident
from kechuang.core.workflow import Action, register_actions

register_actions(
    Carrier,
    transitions=CARRIER_TRANSITIONS,
    actions=[
        Action("reinstate", to=CarrierStatus.ACTIVE, permission="change"),
        Action("warn", to=CarrierStatus.WARNED, permission="change"),
        Action("revoke", to=CarrierStatus.REVOKED, permission="change"),
        Action("merge", to=CarrierStatus.MERGED, permission="change", own_form=True),
        Action("host_add", to=None, sources=CARRIER_IN_FORCE, permission="change", own_form=True),
    ],
)

# joint projects of an alliance: the officers of its region start, close or stop them
register_actions(
    AllianceProject,
    transitions=PROJECT_TRANSITIONS,
    actions=[
        Action("start", to=ProjectStatus.ONGOING, permission="change"),
        Action("complete", to=ProjectStatus.COMPLETED, permission="change"),
        Action("terminate", to=ProjectStatus.TERMINATED, permission="change"),
    ],
)

# a workstation's researcher leaves (出站): the lead host's admins and the carrier's officers, with a date
register_actions(
    Resident,
    transitions=RESIDENT_TRANSITIONS,
    actions=[Action("exit", to=ResidentStatus.LEFT, permission="manage", own_form=True)],
)
