"""Carriers and alliances: public to read; a carrier changes by officers of its region subtree and of its
responsible department, an alliance by officers of its region subtree (kechuang/carriers/permissions.py)."""

from __future__ import annotations

from kechuang.carriers.models import AllianceProject
from tests.matrix import PUBLIC, Row, officers_of_region, only_own


def _pk(attr: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


ROWS = [
    Row("carriers:carrier_list", PUBLIC),
    Row("carriers:carrier_detail", PUBLIC, kwargs=_pk("carrier")),
    Row("carriers:alliance_list", PUBLIC),
    Row("carriers:alliance_detail", PUBLIC, kwargs=_pk("alliance")),
    Row(
        "carriers:carrier_status",
        only_own(302),
        own="officer",
        kwargs=_pk("carrier"),
        method="POST",
        data=lambda w: {"to": "warned", "note": "运行不规范", "version": w.carrier.version},
        effect=lambda w: type(w.carrier).objects.get(pk=w.carrier.pk).status == "warned",
    ),
    Row(
        "carriers:carrier_host_add",
        only_own(302),
        own="officer",
        kwargs=_pk("carrier"),
        method="POST",
        data=lambda w: {"uscc": w.cast.other_org.uscc, "role": "joint"},
        effect=lambda w: w.carrier.host_links.filter(organization=w.cast.other_org).exists(),
    ),
    Row(
        "carriers:carrier_merge",
        only_own(302),
        own="officer",
        kwargs=_pk("carrier"),
        method="POST",
        data=lambda w: {"into": w.other_carrier.pk, "note": "整合"},
        effect=lambda w: type(w.carrier).objects.get(pk=w.carrier.pk).status == "merged",
    ),
    Row(
        "carriers:alliance_member_add",
        officers_of_region(302),
        own="officer",
        kwargs=_pk("alliance"),
        method="POST",
        data=lambda w: {"uscc": w.cast.other_org.uscc, "role": "member"},
        effect=lambda w: w.alliance.memberships.filter(organization=w.cast.other_org).exists(),
        writers=frozenset({"other_department", "own"}),
        why="an alliance has no responsible department: any officer of its region subtree",
    ),
    Row(
        "carriers:alliance_project_add",
        officers_of_region(302),
        own="officer",
        kwargs=_pk("alliance"),
        method="POST",
        data=lambda w: {"title": "光电芯片联合攻关", "participants": ""},
        effect=lambda w: AllianceProject.objects.filter(alliance=w.alliance).exists(),
        writers=frozenset({"other_department", "own"}),
        why="an alliance has no responsible department: any officer of its region subtree",
    ),
    # API: public reads (recognitions were publicised).
    Row("carriers-list", PUBLIC),
    Row("carriers-detail", PUBLIC, kwargs=_pk("carrier")),
    Row("carriers-ladder", PUBLIC, kwargs=lambda w: {"pk": w.carrier.host_links.get().organization_id}),
]
