"""Reads of the technology market.  Every selector takes the user and scopes by permission first.

One module per subject (search and two-way matching in :mod:`.matching`); the selectors are re-exported
here, so callers write ``from kechuang.market import selectors`` and ``selectors.achievement_get(...)``.
"""

from kechuang.market.selectors.contracts import (
    StatRow,
    contract_list,
    contract_statistics,
    contract_statistics_rollup,
    contract_statistics_roots,
)
from kechuang.market.selectors.events import (
    event_get,
    event_item_candidates,
    event_items,
    event_list,
    event_outcome_get,
    event_outcomes,
    event_party_choices,
    event_region_choices,
    event_registration_get,
    event_registrations,
    organizer_choices,
)
from kechuang.market.selectors.listings import (
    achievement_get,
    achievement_list,
    achievement_public_list,
    achievement_review_queue,
    demand_confidential_visible,
    demand_get,
    demand_list,
    my_market_summary,
)
from kechuang.market.selectors.matching import (
    Suggestion,
    achievement_search,
    achievement_suggestions,
    demand_search,
    demand_suggestions,
    explain_hit,
    latin_query_examples,
    why_above,
)
from kechuang.market.selectors.personal import (
    contact_get,
    contact_list,
    expert_of_user,
    expert_of_user_exists,
    saved_search_list,
)

__all__ = [
    "StatRow",
    "Suggestion",
    "achievement_get",
    "achievement_list",
    "achievement_public_list",
    "achievement_review_queue",
    "achievement_search",
    "achievement_suggestions",
    "contact_get",
    "contact_list",
    "contract_list",
    "contract_statistics",
    "contract_statistics_rollup",
    "contract_statistics_roots",
    "demand_confidential_visible",
    "demand_get",
    "demand_list",
    "demand_search",
    "demand_suggestions",
    "event_get",
    "event_item_candidates",
    "event_items",
    "event_list",
    "event_outcome_get",
    "event_outcomes",
    "event_party_choices",
    "event_region_choices",
    "event_registration_get",
    "event_registrations",
    "expert_of_user",
    "expert_of_user_exists",
    "explain_hit",
    "latin_query_examples",
    "my_market_summary",
    "organizer_choices",
    "saved_search_list",
    "why_above",
]
