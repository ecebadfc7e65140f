"""Choices and tables of the reserve library (储备项目库) and of recommendations to higher-level programs.

A reserve entry::

    reserved ─► removed        (出库: funded later, withdrawn, or no longer worth keeping — a reason)

A recommendation to a higher level (向上级推荐)::

    recommended ─► funded      (上级立项)
         └───────► not_funded  (上级未立项)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReserveSource(models.TextChoices):
    NOT_FUNDED = "not_funded", _("未获立项的申报")
    REGISTERED = "registered", _("单位登记的候选项目")


class ReserveStatus(models.TextChoices):
    RESERVED = "reserved", _("在库")
    REMOVED = "removed", _("已出库")


RESERVE_TRANSITIONS: dict[str, frozenset[str]] = {
    ReserveStatus.RESERVED: frozenset({ReserveStatus.REMOVED}),
    ReserveStatus.REMOVED: frozenset(),
}
RESERVE_TERMINAL: frozenset[str] = frozenset({ReserveStatus.REMOVED})


class HigherLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")


class HigherOutcome(models.TextChoices):
    RECOMMENDED = "recommended", _("已推荐")
    FUNDED = "funded", _("上级已立项")
    NOT_FUNDED = "not_funded", _("上级未立项")


HIGHER_TRANSITIONS: dict[str, frozenset[str]] = {
    HigherOutcome.RECOMMENDED: frozenset({HigherOutcome.FUNDED, HigherOutcome.NOT_FUNDED}),
    HigherOutcome.FUNDED: frozenset(),
    HigherOutcome.NOT_FUNDED: frozenset(),
}
HIGHER_TERMINAL: frozenset[str] = frozenset({HigherOutcome.FUNDED, HigherOutcome.NOT_FUNDED})
