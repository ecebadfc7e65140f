"""The buttons of the announcement workflow (``ANNOUNCEMENT_TRANSITIONS``): the issuing department's
officers publish a draft, withdraw a published notice, or publish a withdrawn one again."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kechuang.core.workflow import Action, register_actions
from kechuang.portal.choices import ANNOUNCEMENT_TRANSITIONS, AnnouncementStatus
from kechuang.portal.models import Announcement

register_actions(
    Announcement,
    transitions=ANNOUNCEMENT_TRANSITIONS,
    actions=[
        Action("publish", to=AnnouncementStatus.PUBLISHED, permission="publish", label=_("发布")),
        Action("withdraw", to=AnnouncementStatus.WITHDRAWN, permission="withdraw", label=_("撤下")),
    ],
)
