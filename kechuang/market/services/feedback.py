"""Feedback on suggestions: a user's judgement of one suggested item feeds the ranking."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.market import search
from kechuang.market.choices import FeedbackReason
from kechuang.market.models import Achievement, Demand, MatchFeedback
from kechuang.market.services.common import clean_text, save_new
from kechuang.matching import MatchingError

TARGET_INDEXES = {"achievement": "achievements", "demand": "demands", "expert": "experts"}


@transaction.atomic
def match_feedback_record(
    *,
    actor: Any,
    source: Demand | Achievement,
    target_kind: str,
    target_id: int,
    useful: bool,
    reason: str = "",
    note: str = "",
) -> MatchFeedback:
    """Record whether a suggestion was useful; the ranking for this and similar requests changes."""
    if reason and reason not in FeedbackReason.values:
        raise ApplicationError(_("反馈原因无效。"), extra={"field": "reason"})
    action = "suggest" if isinstance(source, Demand) else "change"
    ensure_can(actor, source, action)
    if target_kind not in TARGET_INDEXES:
        raise ApplicationError(_("推荐对象类型无效。"))
    source_key = f"{'demand' if isinstance(source, Demand) else 'achievement'}:{source.pk}"
    fb = MatchFeedback(
        user=actor,
        source_key=source_key,
        target_key=f"{target_kind}:{target_id}",
        useful=useful,
        reason=reason,
        note=clean_text(note, "note", _("备注"), required=False, max_length=300),
    )
    save_new(fb, actor=actor, action="market.match_feedback")
    index = search.get_index(TARGET_INDEXES[target_kind])
    text = source.problem if isinstance(source, Demand) else source.summary
    query = "\n".join([source.title, " ".join(source.keywords or []), text or ""])
    try:
        index.record_feedback(
            doc_id=str(target_id), useful=useful, query=query, reason=reason, context_key=source_key
        )
    except MatchingError as exc:
        raise ApplicationError(_("该推荐已不存在。")) from exc
    return fb
