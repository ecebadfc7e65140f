"""The buttons of a policy claim (``TRANSITIONS``): the enterprise submits or withdraws its own claim,
officers of the claim's region review it and record the payment."""

from __future__ import annotations

from kechuang.core.workflow import Action, register_actions
from kechuang.policies.choices import TRANSITIONS, ClaimStatus
from kechuang.policies.models import Claim

register_actions(
    Claim,
    transitions=TRANSITIONS,
    actions=[
        Action("submit", to=ClaimStatus.SUBMITTED, permission="apply", own_form=True),
        Action("withdraw", to=ClaimStatus.WITHDRAWN, permission="apply", own_form=True),
        # one form: approve, return for more material, or reject (the API's approve / return / reject)
        Action("review", to=ClaimStatus.APPROVED, permission="review", own_form=True),
        Action("disburse", to=ClaimStatus.DISBURSED, permission="review", own_form=True),
    ],
)
