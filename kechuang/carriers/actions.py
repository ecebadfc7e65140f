"""The buttons of the carrier workflow (``CARRIER_TRANSITIONS``): officers responsible for a carrier warn,
reinstate, revoke or merge it, and add hosts while it is in force."""

from __future__ import annotations

from kechuang.carriers.choices import CARRIER_IN_FORCE, CARRIER_TRANSITIONS, CarrierStatus
from kechuang.carriers.models import Carrier
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
