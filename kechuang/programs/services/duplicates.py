"""查重: compare a call's applications with every application of the year and with all past projects,
store the pairs as flags for the officers who decide on them, and record their verdicts.

The comparison is the matching engine's near-duplicate detector (``kechuang.programs.duplicates``): text is
the application's title and summary. Flags are kept across runs: a re-run updates the figures of a pair it
finds again, adds new pairs and drops unreviewed pairs it no longer finds; an officer's verdict stays.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.programs.choices import ApplicationStatus, DuplicateDecision
from kechuang.programs.duplicates import Text, find_duplicates
from kechuang.programs.models import Application, Call, DuplicateFlag
from kechuang.programs.services._common import ensure_allowed

NOT_CHECKED = (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)


def _texts(qs: Any) -> list[Text]:
    return [
        Text(f"a:{pk}", f"{title}\n{summary}")
        for pk, title, summary in qs.values_list("pk", "title", "summary")
    ]


def _id(key: str) -> int:
    return int(key.split(":", 1)[1])


@transaction.atomic
def duplicate_check(*, call: Call, actor: Any) -> dict[str, int]:
    """Run 查重 for ``call`` (officers who manage it); returns how many applications were checked, how many
    pairs are flagged and how many of them are new."""
    ensure_allowed(actor, call, "manage")
    call = Call.objects.select_for_update().get(pk=call.pk)  # one run per call at a time
    submitted = Application.objects.exclude(status__in=NOT_CHECKED)
    queries = _texts(submitted.filter(topic__call=call).order_by("submitted_at", "id"))
    same_year = submitted.filter(topic__call__year=call.year).exclude(topic__call=call)
    past_projects = Application.objects.filter(project__isnull=False, topic__call__year__lt=call.year)
    pairs = find_duplicates(queries, _texts(same_year) + _texts(past_projects))

    existing = {
        (f.application_id, f.other_id): f for f in DuplicateFlag.objects.filter(application__topic__call=call)
    }
    found: set[tuple[int, int]] = set()
    new: list[DuplicateFlag] = []
    changed: list[DuplicateFlag] = []
    for pair in pairs:
        ids = (_id(pair.key), _id(pair.other))
        found.add(ids)
        similarity = Decimal(str(pair.similarity))
        flag = existing.get(ids)
        if flag is None:
            new.append(
                DuplicateFlag(
                    application_id=ids[0],
                    other_id=ids[1],
                    similarity=similarity,
                    passages=list(pair.passages),
                )
            )
        elif flag.similarity != similarity or flag.passages != list(pair.passages):
            flag.similarity, flag.passages = similarity, list(pair.passages)
            changed.append(flag)
    DuplicateFlag.objects.bulk_create(new, batch_size=500)
    DuplicateFlag.objects.bulk_update(changed, ["similarity", "passages", "updated_at"], batch_size=500)
    gone = [f.pk for ids, f in existing.items() if ids not in found and f.decision == DuplicateDecision.OPEN]
    DuplicateFlag.objects.filter(pk__in=gone).delete()
    summary = {"applications": len(queries), "flags": len(found), "new": len(new), "dropped": len(gone)}
    audit_log(actor=actor, action="programs.duplicate_check", target=call, after=summary)
    return summary


@transaction.atomic
def duplicate_flag_decide(*, flag: DuplicateFlag, actor: Any, decision: str, note: str = "") -> DuplicateFlag:
    """An officer's verdict on a flag: 确认重复 or 排除 (the latter needs the reason)."""
    ensure_allowed(actor, flag, "decide")
    if decision not in (DuplicateDecision.CONFIRMED, DuplicateDecision.CLEARED):
        raise ApplicationError(_("请选择核实结论：确认重复或排除。"))
    note = " ".join(str(note or "").split())[:255]
    if decision == DuplicateDecision.CLEARED and not note:
        raise ApplicationError(_("排除疑似重复时请写明理由。"), extra={"field": "note"})
    locked = DuplicateFlag.objects.select_for_update().get(pk=flag.pk)
    before = {"decision": locked.decision, "note": locked.note}
    locked.decision, locked.note, locked.decided_by = decision, note, actor
    locked.save(update_fields=["decision", "note", "decided_by", "updated_at"])
    audit_log(
        actor=actor,
        action="programs.duplicate_decide",
        target=locked,
        before=before,
        after={"decision": decision, "note": note},
    )
    return locked
