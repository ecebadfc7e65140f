"""Every workflow table, walked: each allowed move works through the transition kernel, every other move is
refused with the kernel's exact message, and no table changes without this file changing too.

The tables are discovered (every ``*TRANSITIONS`` mapping in an installed app's ``choices.py``) and each is
pinned below against a copy written by hand: an extra edge, a lost edge, or a new table fails until the
copy — the rule — is updated on purpose. Each table also needs its ``TERMINAL`` set (the states with no
way out) and its state diagram in docs/ (a mermaid ``stateDiagram-v2`` block carrying the comment
``%% table: <module>.<NAME>``) drawing exactly its edges.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings

from kechuang.core.errors import ApplicationError
from kechuang.core.models import StatusChange
from kechuang.core.workflow import transition
from tests import app_factories as af

ROOT = Path(__file__).resolve().parent.parent


def _program_objection() -> Any:
    from kechuang.programs.models import Objection

    application = af.ProgramApplicationFactory(status="publicity")
    return Objection.objects.create(application=application, name="王某", contact="139", content="材料不实。")


def _reserve_entry() -> Any:
    from kechuang.programs.models import ReserveEntry

    application = af.ProgramApplicationFactory(status="rejected")
    return ReserveEntry.objects.create(
        department=application.topic.call.program_type.department, organization=application.organization,
        application=application, source="not_funded", title=application.title, year=2027, reason="明年支持",
    )  # fmt: skip


def _higher_recommendation() -> Any:
    import datetime as dt

    from kechuang.programs.models import HigherRecommendation

    application = af.ProgramApplicationFactory(status="issued")
    return HigherRecommendation.objects.create(
        application=application, level="national", program_name="国家重点研发计划", year=2026,
        recommended_on=dt.date(2026, 5, 1),
    )  # fmt: skip


@dataclass(frozen=True)
class Pin:
    model: str  # app_label.Model whose ``field`` the table moves
    build: Callable[[], Any]  # a throwaway row of that model
    edges: Mapping[str, set[str]]
    field: str = "status"


PINNED: dict[str, Pin] = {
    "kechuang.carriers.choices.CARRIER_TRANSITIONS": Pin(
        "carriers.Carrier",
        af.CarrierFactory,
        {
            "active": {"warned", "revoked", "merged"},
            "warned": {"active", "revoked", "merged"},
            "revoked": set(),
            "merged": set(),
        },
    ),
    "kechuang.review.choices.PANEL_TRANSITIONS": Pin(
        "review.Panel",
        af.PanelFactory,
        {"forming": {"scoring"}, "scoring": {"closed"}, "closed": set()},
    ),
    "kechuang.review.choices.ASSIGNMENT_TRANSITIONS": Pin(
        "review.ReviewAssignment",
        af.ReviewAssignmentFactory,
        {"assigned": {"declined", "submitted"}, "declined": set(), "submitted": set()},
    ),
    "kechuang.recognition.choices.TRANSITIONS": Pin(
        "recognition.Application",
        af.ApplicationFactory,
        {
            "draft": {"submitted", "withdrawn"},
            "submitted": {"formal_check", "withdrawn"},
            "formal_check": {"returned", "expert_review", "rejected"},
            "returned": {"submitted", "withdrawn"},
            "expert_review": {"decision"},
            "decision": {"publicity", "rejected"},
            "publicity": {"recognised", "rejected"},
            "recognised": {"re_evaluation", "revoked"},
            "re_evaluation": {"recognised", "warned", "revoked"},
            "warned": {"re_evaluation", "revoked"},
            "revoked": set(),
            "rejected": set(),
            "withdrawn": set(),
        },
    ),
    "kechuang.recognition.choices.CALL_TRANSITIONS": Pin(
        "recognition.Call",
        af.CallFactory,
        {"draft": {"open"}, "open": {"closed"}, "closed": {"open", "archived"}, "archived": set()},
    ),
    "kechuang.recognition.choices.OBJECTION_TRANSITIONS": Pin(
        "recognition.Objection",
        af.ObjectionFactory,
        {"open": {"upheld", "dismissed"}, "upheld": set(), "dismissed": set()},
    ),
    # the shared table (review.ObjectionBase), walked on recognition's concrete objection
    "kechuang.review.choices.OBJECTION_TRANSITIONS": Pin(
        "recognition.Objection",
        af.ObjectionFactory,
        {"open": {"upheld", "dismissed"}, "upheld": set(), "dismissed": set()},
    ),
    "kechuang.policies.choices.TRANSITIONS": Pin(
        "policies.Claim",
        af.ClaimFactory,
        {
            "draft": {"submitted", "withdrawn"},
            "submitted": {"approved", "rejected", "returned"},
            "returned": {"submitted", "withdrawn"},
            "approved": {"disbursed"},
            "rejected": set(),
            "disbursed": set(),
            "withdrawn": set(),
        },
    ),
    "kechuang.quality.choices.COMPLAINT_TRANSITIONS": Pin(
        "quality.Complaint",
        af.ComplaintFactory,
        {"lodged": {"assigned"}, "assigned": {"answered"}, "answered": {"closed"}, "closed": set()},
    ),
    "kechuang.targets.choices.TASK_TRANSITIONS": Pin(
        "targets.Task",
        af.TaskFactory,
        {"open": {"done", "cancelled"}, "done": {"open"}, "cancelled": set()},
    ),
    "kechuang.carriers.choices.PROJECT_TRANSITIONS": Pin(
        "carriers.AllianceProject",
        af.AllianceProjectFactory,
        {
            "proposed": {"ongoing", "terminated"},
            "ongoing": {"completed", "terminated"},
            "completed": set(),
            "terminated": set(),
        },
    ),
    "kechuang.carriers.choices.RESIDENT_TRANSITIONS": Pin(
        "carriers.Resident",
        af.ResidentFactory,
        {"in_station": {"left"}, "left": set()},
    ),
    "kechuang.targets.choices.PLAN_TRANSITIONS": Pin(
        "targets.Plan",
        af.PlanFactory,
        {"draft": {"published"}, "published": set()},
    ),
    "kechuang.targets.choices.REPORT_TRANSITIONS": Pin(
        "targets.ProgressReport",
        af.ProgressReportFactory,
        {"submitted": {"accepted", "returned"}, "returned": set(), "accepted": set()},
    ),
    "kechuang.market.choices.ACHIEVEMENT_TRANSITIONS": Pin(
        "market.Achievement",
        af.AchievementFactory,
        {
            "draft": {"submitted", "withdrawn"},
            "submitted": {"published", "rejected"},
            "rejected": {"submitted", "withdrawn"},
            "published": {"expired", "withdrawn"},
            "expired": {"published", "withdrawn"},
            "withdrawn": set(),
        },
    ),
    "kechuang.programs.choices.OBJECTION_TRANSITIONS": Pin(
        "programs.Objection",
        lambda: _program_objection(),
        {"open": {"upheld", "dismissed"}, "upheld": set(), "dismissed": set()},
    ),
    "kechuang.programs.choices.RESERVE_TRANSITIONS": Pin(
        "programs.ReserveEntry", _reserve_entry, {"reserved": {"removed"}, "removed": set()}
    ),
    "kechuang.programs.choices.HIGHER_TRANSITIONS": Pin(
        "programs.HigherRecommendation",
        _higher_recommendation,
        {"recommended": {"funded", "not_funded"}, "funded": set(), "not_funded": set()},
    ),
    "kechuang.programs.choices.CALL_TRANSITIONS": Pin(
        "programs.Call",
        lambda: af.ProgramCallFactory(status="draft"),
        {"draft": {"published"}, "published": {"closed"}, "closed": set()},
    ),
    "kechuang.programs.choices.APPLICATION_TRANSITIONS": Pin(
        "programs.Application",
        af.ProgramApplicationFactory,
        {
            "draft": {"submitted", "withdrawn"},
            "submitted": {"recommended", "returned", "withdrawn"},
            "recommended": {"formal_check"},
            "formal_check": {"in_review", "returned", "rejected"},
            "returned": {"submitted", "withdrawn"},
            "in_review": {"approved", "rejected"},
            "approved": {"publicity"},
            "publicity": {"issued", "rejected"},
            "issued": set(),
            "rejected": set(),
            "withdrawn": set(),
        },
    ),
    "kechuang.programs.choices.PROJECT_TRANSITIONS": Pin(
        "programs.Project",
        af.ProjectFactory,
        {
            "executing": {"accepting", "terminated"},
            "accepting": {"accepted", "rectifying", "failed"},
            "rectifying": {"accepting", "terminated"},
            "accepted": set(),
            "failed": set(),
            "terminated": set(),
        },
    ),
    "kechuang.programs.choices.CONTRACT_TRANSITIONS": Pin(
        "programs.TaskContract",
        lambda: af.TaskContractFactory(),
        {"draft": {"confirmed"}, "confirmed": {"signed", "draft"}, "signed": set()},
    ),
    "kechuang.programs.choices.REPORT_TRANSITIONS": Pin(
        "programs.ProgressReport",
        lambda: af.ProjectReportFactory(),
        {"submitted": {"accepted", "returned"}, "returned": {"submitted"}, "accepted": set()},
    ),
    "kechuang.programs.choices.CHANGE_TRANSITIONS": Pin(
        "programs.ChangeRequest",
        lambda: af.ChangeRequestFactory(),
        {
            "submitted": {"approved", "rejected", "withdrawn"},
            "approved": set(),
            "rejected": set(),
            "withdrawn": set(),
        },
    ),
    "kechuang.market.choices.DEMAND_TRANSITIONS": Pin(
        "market.Demand",
        af.DemandFactory,
        {"draft": {"open", "closed"}, "open": {"closed"}, "closed": set()},
    ),
    "kechuang.market.choices.CONTACT_TRANSITIONS": Pin(
        "market.Contact",
        af.ContactFactory,
        {"pending": {"accepted", "declined"}, "accepted": set(), "declined": set()},
    ),
    "kechuang.resources.choices.BOOKING_TRANSITIONS": Pin(
        "resources.Booking",
        af.BookingFactory,
        {
            "requested": {"approved", "declined", "cancelled"},
            "approved": {"used", "cancelled"},
            "used": {"rated"},
            "declined": set(),
            "rated": set(),
            "cancelled": set(),
        },
    ),
    "kechuang.resources.choices.VOUCHER_TRANSITIONS": Pin(
        "resources.Voucher",
        af.VoucherFactory,
        {
            "issued": {"partly_redeemed", "redeemed", "expired"},
            "partly_redeemed": {"redeemed", "expired"},
            "redeemed": {"settled"},
            "settled": set(),
            "expired": set(),
        },
    ),
    "kechuang.resources.choices.REDEMPTION_TRANSITIONS": Pin(
        "resources.Redemption",
        af.RedemptionFactory,
        {"redeemed": {"claimed"}, "claimed": {"approved"}, "approved": {"paid"}, "paid": set()},
    ),
    "kechuang.resources.choices.ORDER_TRANSITIONS": Pin(
        "resources.ServiceOrder",
        af.ServiceOrderFactory,
        {
            "requested": {"accepted", "declined", "cancelled"},
            "accepted": {"delivered", "cancelled"},
            "delivered": {"rated"},
            "declined": set(),
            "rated": set(),
            "cancelled": set(),
        },
    ),
    "kechuang.resources.choices.DISPATCH_TRANSITIONS": Pin(
        "resources.Dispatch",
        af.DispatchFactory,
        {"active": {"completed", "terminated"}, "completed": set(), "terminated": set()},
    ),
    "kechuang.resources.choices.LOG_TRANSITIONS": Pin(
        "resources.WorkLog",
        af.WorkLogFactory,
        {"submitted": {"confirmed", "disputed"}, "confirmed": set(), "disputed": set()},
    ),
    "kechuang.resources.choices.APPLICATION_TRANSITIONS": Pin(
        "resources.VoucherApplication",
        af.VoucherApplicationFactory,
        {
            "submitted": {"issued", "declined", "withdrawn"},
            "issued": set(),
            "declined": set(),
            "withdrawn": set(),
        },
    ),
    "kechuang.market.choices.EVENT_TRANSITIONS": Pin(
        "market.MatchmakingEvent",
        af.EventFactory,
        {"draft": {"published"}, "published": set()},
    ),
    "kechuang.portal.choices.ANNOUNCEMENT_TRANSITIONS": Pin(
        "portal.Announcement",
        af.AnnouncementFactory,
        {"draft": {"published"}, "published": {"withdrawn"}, "withdrawn": {"published"}},
    ),
}


def discover() -> dict[str, Mapping[str, Any]]:
    """Every ``*TRANSITIONS`` mapping in the ``choices`` module of an installed kechuang app."""
    found: dict[str, Mapping[str, Any]] = {}
    for app in settings.INSTALLED_APPS:
        if not app.startswith("kechuang."):
            continue
        try:
            module = importlib.import_module(f"{app}.choices")
        except ModuleNotFoundError as exc:
            if exc.name == f"{app}.choices":
                continue
            raise
        for name, value in vars(module).items():
            if name.endswith("TRANSITIONS") and isinstance(value, Mapping):
                found[f"{module.__name__}.{name}"] = value
    return found


def as_sets(table: Mapping[str, Any]) -> dict[str, set[str]]:
    return {str(state): {str(t) for t in targets} for state, targets in table.items()}


def edges(table: Mapping[str, set[str]]) -> set[tuple[str, str]]:
    return {(a, b) for a, targets in table.items() for b in targets}


TABLES = discover()


def test_every_table_is_pinned_and_unchanged():
    assert sorted(TABLES) == sorted(PINNED), "a table without a pinned copy here, or a pinned table gone"
    for name, table in TABLES.items():
        assert as_sets(table) == PINNED[name].edges, name


@pytest.mark.parametrize("name", sorted(PINNED))
def test_terminal_set_is_the_states_without_a_way_out(name):
    module, _, table_name = name.rpartition(".")
    terminal_name = table_name.removesuffix("TRANSITIONS") + "TERMINAL"
    terminal = getattr(importlib.import_module(module), terminal_name, None)
    assert terminal is not None, f"{module} has no {terminal_name} beside {table_name}"
    assert {str(s) for s in terminal} == {s for s, targets in PINNED[name].edges.items() if not targets}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_table_has_a_row_for_every_status_of_its_model(name):
    pin = PINNED[name]
    field = apps.get_model(pin.model)._meta.get_field(pin.field)
    assert {str(v) for v, _ in field.choices} == set(pin.edges), name


def _label(model: Any, field: str, value: str) -> str:
    return str(dict(model._meta.get_field(field).choices)[value])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PINNED))
def test_walk_every_move(name, cast):
    """Each allowed move works (status saved, a StatusChange row); each other move is refused, exactly."""
    pin = PINNED[name]
    table = TABLES[name]
    obj = pin.build()
    model = type(obj)
    assert model is apps.get_model(pin.model)
    states = list(pin.edges)
    refused: dict[tuple[str, str], str] = {}
    moved: set[tuple[str, str]] = set()
    for source in states:
        for target in states:
            model.objects.filter(pk=obj.pk).update(**{pin.field: source})
            obj.refresh_from_db()
            changes = StatusChange.objects.count()
            try:
                transition(obj=obj, to=target, actor=cast.admin, transitions=table, field=pin.field)
            except ApplicationError as exc:
                refused[(source, target)] = exc.message
                obj.refresh_from_db()
                assert getattr(obj, pin.field) == source, (source, target)
                assert StatusChange.objects.count() == changes
            else:
                moved.add((source, target))
                obj.refresh_from_db()
                assert getattr(obj, pin.field) == target, (source, target)
                change = StatusChange.objects.latest("id")
                assert (change.from_status, change.to_status) == (source, target)
    assert moved == edges(pin.edges)
    assert refused == {
        (a, b): f"不能从“{_label(model, pin.field, a)}”变更为“{_label(model, pin.field, b)}”。"
        for a in states
        for b in states
        if b not in pin.edges[a]
    }


# ---------------------------------------------------------------------------------------------------------
# The diagrams in docs/

MERMAID = re.compile(r"```mermaid\n(.*?)```", re.S)
MARKER = re.compile(r"%%\s*table:\s*(\S+)")
EDGE = re.compile(r"^\s*([\w\[\]*]+)\s*-->\s*([\w\[\]*]+)", re.M)


def diagrams() -> dict[str, set[tuple[str, str]]]:
    """``table name → edges`` of every marked state diagram under docs/."""
    out: dict[str, set[tuple[str, str]]] = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for block in MERMAID.findall(path.read_text(encoding="utf-8")):
            marker = MARKER.search(block)
            if marker and "stateDiagram" in block:
                out[marker.group(1)] = {(a, b) for a, b in EDGE.findall(block) if "[*]" not in (a, b)}
    return out


@pytest.mark.parametrize("name", sorted(PINNED))
def test_docs_draw_each_table(name):
    drawn = diagrams()
    assert name in drawn, f"no state diagram in docs/ marked `%% table: {name}`"
    assert drawn[name] == edges(PINNED[name].edges), name


def test_diagram_reader():
    text = "```mermaid\nstateDiagram-v2\n    %% table: x.T\n    [*] --> a\n    a --> b: why\n    b --> [*]\n```\n"
    assert [(MARKER.search(b).group(1), EDGE.findall(b)) for b in MERMAID.findall(text)] == [  # type: ignore[union-attr]
        ("x.T", [("[*]", "a"), ("a", "b"), ("b", "[*]")])
    ]
