"""Bulk import of published achievements (the real corpus of the demo market, from CSL records)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import AuditEntry, audit_log_many
from kechuang.core.permissions import not_allowed
from kechuang.market import search
from kechuang.market.choices import AchievementStatus
from kechuang.market.models import Achievement
from kechuang.market.services.achievements import PUBLICATION_PERIOD, achievement_fields


@transaction.atomic
def achievements_import(*, actor: Any, rows: list[dict[str, Any]], source: str) -> tuple[int, int]:
    """Create published achievements in bulk (platform admins only), audited; returns (created, skipped).

    Each row is ``{"owner": Organization, "title", "summary", "keywords", "field", "maturity", "trl",
    "transfer_modes"}``. A row whose owner already has an achievement with that title is skipped, so running
    the import twice duplicates nothing.
    """
    if not user_is_platform_admin(actor):
        raise not_allowed()
    existing = set(Achievement.objects.values_list("owner_id", "title"))
    now = timezone.now()
    objs: list[Achievement] = []
    skipped = 0
    for row in rows:
        owner = row["owner"]
        fields = achievement_fields(row)
        if (owner.pk, fields["title"]) in existing:
            skipped += 1
            continue
        existing.add((owner.pk, fields["title"]))
        objs.append(
            Achievement(
                owner=owner,
                status=AchievementStatus.PUBLISHED,
                published_at=now,
                expires_on=timezone.localdate() + PUBLICATION_PERIOD,
                reviewed_by=actor,
                review_note=_("批量导入"),
                source=source,
                created_by=actor,
                **fields,
            )
        )
    created = Achievement.objects.bulk_create(objs, batch_size=500)
    if created and created[0].pk is None:  # backends without RETURNING: fetch the ids back
        created = list(Achievement.objects.filter(source=source, published_at=now))
    audit_log_many(
        actor=actor,
        entries=[
            AuditEntry(action="market.achievement_import", target=a, after={"title": a.title})
            for a in created
        ],
        need_ids=False,
    )
    docs = [
        search.achievement_document(a)
        for a in Achievement.objects.filter(pk__in=[a.pk for a in created]).select_related("owner", "field")
    ]
    if docs:
        search.get_index("achievements").add(docs)
    return len(created), skipped
