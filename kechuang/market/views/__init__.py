"""Pages of the technology market, one module per subject (the URLconf imports them from here).

Views parse input, call services and selectors, and render; a POST action goes through
:func:`kechuang.core.pages.page_action`, buttons come from ``market/actions.py``.
"""

from kechuang.market.views.achievements import (
    achievement_action,
    achievement_create,
    achievement_detail,
    achievement_export,
    achievement_list,
    achievement_mine,
    home,
    review_queue,
)
from kechuang.market.views.contacts import contact_create, contact_detail, contact_list
from kechuang.market.views.contracts import contract_create, contract_list, contract_statistics
from kechuang.market.views.demands import (
    demand_close,
    demand_create,
    demand_detail,
    demand_feedback,
    demand_list,
    demand_why,
)
from kechuang.market.views.events import (
    event_create,
    event_detail,
    event_export,
    event_item_add,
    event_list,
    event_outcome_create,
    event_publish,
    event_register,
    event_unregister,
)
from kechuang.market.views.profiles import expert_profile_edit, saved_search_delete, saved_search_list

__all__ = [
    "achievement_action",
    "achievement_create",
    "achievement_detail",
    "achievement_export",
    "achievement_list",
    "achievement_mine",
    "contact_create",
    "contact_detail",
    "contact_list",
    "contract_create",
    "contract_list",
    "contract_statistics",
    "demand_close",
    "demand_create",
    "demand_detail",
    "demand_feedback",
    "demand_list",
    "demand_why",
    "event_create",
    "event_detail",
    "event_export",
    "event_item_add",
    "event_list",
    "event_outcome_create",
    "event_publish",
    "event_register",
    "event_unregister",
    "expert_profile_edit",
    "home",
    "review_queue",
    "saved_search_delete",
    "saved_search_list",
]
