"""The buttons of the market's workflows, from their transition tables and the market's permission rules.

Names are the API's verbs (``/api/v1/market/achievements/<id>/<action>/``, ``…/events/<id>/publish/``).
"""

from __future__ import annotations

from kechuang.core.workflow import Action, register_actions
from kechuang.market.choices import (
    ACHIEVEMENT_TRANSITIONS,
    CONTACT_TRANSITIONS,
    DEMAND_TRANSITIONS,
    EVENT_TRANSITIONS,
    AchievementStatus,
    ContactStatus,
    DemandStatus,
    EventStatus,
)
from kechuang.market.models import Achievement, Contact, Demand, MatchmakingEvent

A = AchievementStatus

register_actions(
    Achievement,
    transitions=ACHIEVEMENT_TRANSITIONS,
    actions=[
        Action("submit", to=A.SUBMITTED, permission="submit"),
        # the officers' review publishes or returns a submission (one form, two buttons)
        Action(
            "review", to=A.PUBLISHED, sources=frozenset({A.SUBMITTED}), permission="review", own_form=True
        ),
        # renewing an expired achievement publishes it again; a published one keeps its status
        Action("renew", to=A.PUBLISHED, sources=frozenset({A.EXPIRED}), permission="renew"),
        Action("renew", to=None, sources=frozenset({A.PUBLISHED}), permission="renew"),
        Action("withdraw", to=A.WITHDRAWN, permission="withdraw"),
    ],
)

register_actions(
    Demand,
    transitions=DEMAND_TRANSITIONS,
    actions=[
        Action("publish", to=DemandStatus.OPEN, permission="publish"),
        Action("close", to=DemandStatus.CLOSED, permission="close"),
    ],
)

register_actions(
    Contact,
    transitions=CONTACT_TRANSITIONS,
    actions=[
        Action("accept", to=ContactStatus.ACCEPTED, permission="respond"),
        Action("decline", to=ContactStatus.DECLINED, permission="respond"),
        # the thread stays open unless the contact was declined
        Action(
            "message",
            to=None,
            sources=frozenset({ContactStatus.PENDING, ContactStatus.ACCEPTED}),
            permission="message",
            own_form=True,
        ),
    ],
)

register_actions(
    MatchmakingEvent,
    transitions=EVENT_TRANSITIONS,
    actions=[
        Action("publish", to=EventStatus.PUBLISHED, permission="change"),
        # organizations register for a published event (whoever sees it may register their own)
        Action(
            "register", to=None, sources=frozenset({EventStatus.PUBLISHED}), permission="view", own_form=True
        ),
    ],
)
