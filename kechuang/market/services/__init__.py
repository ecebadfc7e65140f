"""Every write of the technology market: keyword-only, in a transaction, validated, audited.

One module per subject; the public services are re-exported here, so callers write
``from kechuang.market import services`` and ``services.achievement_create(...)``.
"""

from kechuang.market.services.achievements import (
    PUBLICATION_PERIOD,
    achievement_create,
    achievement_renew,
    achievement_review,
    achievement_submit,
    achievement_transition,
    achievement_update,
    achievement_withdraw,
    achievements_expire_due,
)
from kechuang.market.services.contacts import (
    contact_create,
    contact_message_post,
    contact_respond,
    contact_transition,
)
from kechuang.market.services.contracts import contract_register
from kechuang.market.services.csl_import import achievements_import
from kechuang.market.services.demands import demand_close, demand_create, demand_publish, demand_transition
from kechuang.market.services.events import (
    event_create,
    event_item_add,
    event_outcome_record,
    event_publish,
    event_register,
    event_registration_cancel,
    event_transition,
)
from kechuang.market.services.experts import expert_profile_set
from kechuang.market.services.feedback import match_feedback_record
from kechuang.market.services.index_upkeep import search_index_maintain, search_index_rebuild
from kechuang.market.services.saved_searches import (
    saved_search_create,
    saved_search_delete,
    saved_searches_notify,
)

__all__ = [
    "PUBLICATION_PERIOD",
    "achievement_create",
    "achievement_renew",
    "achievement_review",
    "achievement_submit",
    "achievement_transition",
    "achievement_update",
    "achievement_withdraw",
    "achievements_expire_due",
    "achievements_import",
    "contact_create",
    "contact_message_post",
    "contact_respond",
    "contact_transition",
    "contract_register",
    "demand_close",
    "demand_create",
    "demand_publish",
    "demand_transition",
    "event_create",
    "event_item_add",
    "event_outcome_record",
    "event_publish",
    "event_register",
    "event_registration_cancel",
    "event_transition",
    "expert_profile_set",
    "match_feedback_record",
    "saved_search_create",
    "saved_search_delete",
    "saved_searches_notify",
    "search_index_maintain",
    "search_index_rebuild",
]
