"""Saved searches: a user is told when a newly published listing matches one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.core.services import notification_send
from kechuang.market import search
from kechuang.market.choices import SavedSearchKind
from kechuang.market.models import Achievement, Demand, SavedSearch
from kechuang.market.services.common import clean_text, save_new
from kechuang.matching import MatchingError
from kechuang.matching.filters import validate_filters


@transaction.atomic
def saved_search_create(
    *, actor: Any, name: str, kind: str, query: str, filters: dict | None = None
) -> SavedSearch:
    if not getattr(actor, "is_authenticated", False):
        raise ApplicationError(_("请先登录。"))
    if kind not in SavedSearchKind.values:
        raise ApplicationError(_("检索对象无效。"), extra={"field": "kind"})
    try:
        clean = validate_filters(filters or {})
    except MatchingError as exc:
        raise ApplicationError(_("筛选条件无效：%(e)s") % {"e": exc}, extra={"field": "filters"}) from exc
    saved = SavedSearch(
        user=actor,
        name=clean_text(name, "name", _("名称"), max_length=100),
        kind=kind,
        query=clean_text(query, "query", _("检索词"), max_length=300),
        filters=clean,
    )
    save_new(saved, actor=actor, action="market.saved_search_create")
    return saved


@transaction.atomic
def saved_search_delete(*, saved: SavedSearch, actor: Any) -> None:
    """A user deletes one of their own saved searches."""
    ensure_can(actor, saved, "delete")
    before = snapshot(saved)
    audit_log(actor=actor, action="market.saved_search_delete", target=saved, before=before)
    saved.delete()


def saved_searches_notify(*, kind: str, obj: Achievement | Demand) -> int:
    """Tell every user whose saved search matches a newly published item (runs after commit)."""
    plural = "achievements" if kind == SavedSearchKind.ACHIEVEMENT else "demands"
    index = search.get_index(plural)
    url = f"/market/{plural}/{obj.pk}/"
    sent = 0
    for saved in SavedSearch.objects.filter(kind=kind).select_related("user"):
        try:
            hits = index.search(saved.query, k=50, filters=saved.filters, explain=False)
        except MatchingError:
            continue
        if str(obj.pk) in {h.id for h in hits}:
            with transaction.atomic():
                notification_send(
                    recipient=saved.user,
                    title=_("“%(name)s”有新的匹配：%(title)s") % {"name": saved.name, "title": obj.title},
                    link=url,
                    kind="market.saved_search",
                )
                saved.last_notified_at = timezone.now()
                saved.save(update_fields=["last_notified_at", "updated_at"])
            sent += 1
    return sent
