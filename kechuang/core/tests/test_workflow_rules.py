"""Rules of the workflow kernel's page actions and bookkeeping (``kechuang/core/workflow.py``).

* a button is offered only for a move of the table from the current status (or, for an action that
  keeps the status, from one of its sources), when its condition holds and the user has its permission;
* one permission check per distinct permission, none for an anonymous user;
* a table typo fails at registration, with the action named;
* every move records who made it (nobody for the system), bumps ``updated_at`` and writes the audit.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kechuang.core import workflow as wf
from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, JobRun, StatusChange
from kechuang.core.workflow import (
    Action,
    AllowedActions,
    Offered,
    allowed_actions,
    history,
    register_actions,
    status_label,
    transition,
)
from kechuang.market.choices import CONTACT_TRANSITIONS
from kechuang.market.models import Contact
from kechuang.review.choices import PANEL_TRANSITIONS, PanelStatus
from kechuang.review.models import Panel, PanelItem
from tests.app_factories import ContactFactory, PanelFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TABLE = {"forming": {"scoring"}, "scoring": {"closed", "forming"}, "closed": set()}
USER = SimpleNamespace(is_authenticated=True)


@pytest.fixture
def granted(monkeypatch):
    """The permissions the user holds on any object, and the checks the kernel made."""
    state = SimpleNamespace(permissions={"manage", "view"}, checks=[])

    def fake_can(user, obj, permission):
        state.checks.append(permission)
        return permission in state.permissions

    monkeypatch.setattr(wf, "can", fake_can)
    return state


@pytest.fixture
def actions(monkeypatch):
    """A test workflow on Panel (restored afterwards)."""
    monkeypatch.setitem(wf._WORKFLOWS, Panel, wf._WORKFLOWS[Panel])
    register_actions(
        Panel,
        transitions=TABLE,
        actions=[
            Action("open", to="scoring", permission="manage"),
            Action("reopen", to="forming", permission="manage", label="重新组建"),
            Action("close", to="closed", permission="view", own_form=True),
            Action(
                "note", to=None, sources=frozenset({"forming", "closed"}), permission="view", label="备注"
            ),
            Action("sign", to="closed", sources=frozenset({"scoring"}), permission="sign"),
            Action("finish", to="closed", permission="manage", when=lambda obj: obj.name == "可结束"),
        ],
    )


def panel(status, name="评审组"):
    return Panel(status=status, name=name)


def names(offered: AllowedActions) -> list[str]:
    return [o.name for o in offered.offered]


def test_rule_buttons_follow_the_table_from_the_current_status(actions, granted):
    assert names(allowed_actions(panel("forming"), USER)) == ["open", "note"]
    assert names(allowed_actions(panel("scoring"), USER)) == ["reopen", "close"]
    assert names(allowed_actions(panel("closed"), USER)) == ["note"]


def test_rule_a_button_needs_its_permission_checked_once_per_permission(actions, granted):
    granted.permissions = {"manage", "view", "sign"}
    assert names(allowed_actions(panel("scoring"), USER)) == ["reopen", "close", "sign"]
    assert sorted(granted.checks) == ["manage", "sign", "view"]
    granted.permissions, granted.checks = {"view"}, []
    assert names(allowed_actions(panel("scoring"), USER)) == ["close"]
    granted.permissions = set()
    assert not allowed_actions(panel("scoring"), USER)


def test_rule_a_condition_must_hold(actions, granted):
    assert "finish" not in allowed_actions(panel("scoring"), USER)
    assert "finish" in allowed_actions(panel("scoring", name="可结束"), USER)


def test_rule_anonymous_users_get_no_button_and_no_check(actions, granted):
    for user in (AnonymousUser(), None, SimpleNamespace(is_authenticated=False)):
        assert not allowed_actions(panel("forming"), user)
    assert granted.checks == []


def test_rule_a_model_without_registered_actions_is_an_error(granted):
    with pytest.raises(LookupError, match="no actions registered for PanelItem"):
        allowed_actions(PanelItem(), USER)


def test_rule_labels_are_the_actions_or_the_target_statuss(actions, granted):
    offered = allowed_actions(panel("scoring"), USER)
    assert offered["reopen"].label == "重新组建"
    assert offered["close"].label == "已结束"  # the status's label
    assert allowed_actions(panel("forming"), USER)["open"].label == "评审中"
    assert allowed_actions(panel("forming"), USER)["note"].label == "备注"
    assert offered["close"] == Offered("close", "closed", "已结束", "view", True)


def test_rule_own_form_actions_are_left_out_of_the_plain_moves(actions, granted):
    offered = allowed_actions(panel("scoring"), USER)
    assert offered.moves() == [("forming", "重新组建")]
    assert list(offered) == [("forming", "重新组建")]
    assert offered.moves("manage") == [("forming", "重新组建")]
    assert offered.moves("view") == []
    forming = allowed_actions(panel("forming"), USER)
    assert forming.moves("view") == [(None, "备注")]
    assert forming.moves() == [("scoring", "评审中"), (None, "备注")]


def test_rule_allowed_actions_is_a_small_container():
    one = Offered("open", "scoring", "评审中", "manage", False)
    offered = AllowedActions([one])
    assert offered["open"] is one and "open" in offered and "close" not in offered
    assert len(offered) == 1 and bool(offered) and repr(offered) == "AllowedActions(['open'])"
    with pytest.raises(KeyError):
        offered["close"]
    empty = AllowedActions([])
    assert len(empty) == 0 and not empty and list(empty) == []


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (Action("x", to=None, permission="p"), "Panel.x: an action that keeps the status needs sources"),
        (Action("y", to="nowhere", permission="p"), "Panel.y: no transition leads to 'nowhere'"),
        (
            Action("z", to="forming", sources=frozenset({"forming"}), permission="p"),
            "Panel.z: 'forming' → 'forming' is not a move",
        ),
        (
            Action("w", to="scoring", sources=frozenset({"closed"}), permission="p"),
            "Panel.w: 'closed' → 'scoring' is not a move",
        ),
        (
            Action("v", to="scoring", sources=frozenset({"archived"}), permission="p"),
            "Panel.v: 'archived' → 'scoring' is not a move",
        ),
    ],
)
def test_rule_a_table_typo_fails_at_registration(monkeypatch, action, message):
    monkeypatch.setitem(wf._WORKFLOWS, Panel, wf._WORKFLOWS[Panel])
    with pytest.raises(ValueError) as exc:
        register_actions(Panel, transitions=TABLE, actions=[action])
    assert str(exc.value) == message


def test_rule_a_registration_keeps_the_table_actions_and_field(monkeypatch):
    monkeypatch.setitem(wf._WORKFLOWS, Panel, wf._WORKFLOWS[Panel])
    declared = [Action("open", to="scoring", sources=frozenset({"forming"}), permission="p")]
    register_actions(Panel, transitions=TABLE, actions=iter(declared), field="method")
    assert wf._WORKFLOWS[Panel] == wf._Workflow(transitions=TABLE, actions=tuple(declared), field="method")


def test_rule_the_status_field_named_at_registration_is_read(monkeypatch, granted):
    monkeypatch.setitem(wf._WORKFLOWS, Panel, wf._WORKFLOWS[Panel])
    register_actions(
        Panel,
        transitions={"mean": {"trimmed_mean"}, "trimmed_mean": set()},
        actions=[Action("trim", to="trimmed_mean", permission="view")],
        field="method",
    )
    offered = allowed_actions(Panel(status="closed", method="mean"), USER)
    assert names(offered) == ["trim"] and offered["trim"].label == "去掉最高分和最低分后平均"


def test_rule_status_labels_come_from_the_field_choices():
    obj = Panel()
    assert status_label(obj, "scoring") == "评审中"
    assert status_label(obj, "mean", field="method") == "算术平均"
    assert status_label(obj, "unknown") == "unknown"
    assert status_label(obj, "x", field="name") == "x"  # a field without choices


def test_rule_a_move_by_the_system_records_no_actor(cast):
    panel_ = PanelFactory()
    change = transition(obj=panel_, to=PanelStatus.SCORING, actor=None, transitions=PANEL_TRANSITIONS)
    assert change.actor is None and change.object_id == str(panel_.pk)
    record = AuditRecord.objects.order_by("-id").first()
    assert (record.actor_id, record.actor_label, record.after) == (
        None,
        "system",
        {"status": "scoring", "note": ""},
    )
    assert list(history(panel_)) == [change]
    assert not history(PanelFactory()).exists()


def test_rule_a_move_stamps_updated_at(cast):
    panel_ = PanelFactory()
    stamped = panel_.updated_at
    transition(obj=panel_, to=PanelStatus.SCORING, actor=cast.officer, transitions=PANEL_TRANSITIONS)
    assert panel_.updated_at > stamped
    assert panel_.status == PanelStatus.SCORING  # the object in memory is refreshed


def test_rule_a_model_without_version_moves_without_a_lock():
    contact = ContactFactory()
    assert not any(f.name == "version" for f in type(contact)._meta.concrete_fields)
    change = transition(
        obj=contact, to="declined", actor=None, transitions=CONTACT_TRANSITIONS, expected_version=99
    )
    contact.refresh_from_db()
    assert contact.status == "declined" and change.to_status == "declined"


class PanelProxy(Panel):
    class Meta:
        proxy = True
        app_label = "review"


def test_rule_a_proxy_object_gets_its_concrete_models_buttons(actions, granted):
    assert names(allowed_actions(PanelProxy(status="forming", name="x"), USER)) == ["open", "note"]


def test_rule_history_is_the_objects_own_and_reads_actors_in_one_query(cast, django_assert_num_queries):
    panel_ = PanelFactory()
    transition(obj=panel_, to=PanelStatus.SCORING, actor=cast.officer, transitions=PANEL_TRANSITIONS)
    # another model's object with the same id has a history of its own
    StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(panel_.pk),
        from_status="pending",
        to_status="declined",
        actor=cast.admin,
    )
    with django_assert_num_queries(1):
        rows = [(c.to_status, c.actor.username) for c in history(panel_)]
    assert rows == [("scoring", cast.officer.username)]


def test_rule_the_named_field_moves_and_its_labels_explain_a_refusal(cast):
    table = {"mean": {"trimmed_mean"}, "trimmed_mean": set()}
    panel_ = PanelFactory(method="trimmed_mean")
    with pytest.raises(ApplicationError) as exc:
        transition(obj=panel_, to="mean", actor=None, transitions=table, field="method")
    assert exc.value.message == "不能从“去掉最高分和最低分后平均”变更为“算术平均”。"
    panel_ = PanelFactory(method="mean")
    transition(obj=panel_, to="trimmed_mean", actor=None, transitions=table, field="method")
    assert (panel_.method, panel_.status) == ("trimmed_mean", "forming")
    record = AuditRecord.objects.order_by("-id").first()
    assert (record.before, record.after) == ({"method": "mean"}, {"method": "trimmed_mean", "note": ""})


def test_rule_a_model_without_updated_at_moves_too():
    run = JobRun.objects.create(job="queued", started_at=timezone.now())
    transition(obj=run, to="done", actor=None, transitions={"queued": {"done"}}, field="job")
    run.refresh_from_db()
    assert run.job == "done"


def test_rule_a_move_is_audited_in_the_actors_name(cast):
    panel_ = PanelFactory()
    transition(obj=panel_, to=PanelStatus.SCORING, actor=cast.officer, transitions=PANEL_TRANSITIONS)
    record = AuditRecord.objects.order_by("-id").first()
    assert (record.actor_id, record.action) == (cast.officer.pk, "panel.transition")
    # an actor without an account row (a system job's stand-in) is named, not linked
    stand_in = UserFactory.build(display_name="定时任务")
    change = transition(obj=panel_, to=PanelStatus.CLOSED, actor=stand_in, transitions=PANEL_TRANSITIONS)
    record = AuditRecord.objects.order_by("-id").first()
    assert change.actor is None and (record.actor_id, record.actor_label) == (None, "定时任务")
