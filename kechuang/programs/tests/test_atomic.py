"""Rule guarded: editing an application is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure after the edit's audit record is written
leaves the application's fields, version and budget lines as they were — a half edit would have dropped
the old budget — and no audit record (tests/atomic.py).
"""

from __future__ import annotations

import pytest

from kechuang.programs.models import Application, BudgetLine
from kechuang.programs.services import applications
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

from .conftest import fill

pytestmark = pytest.mark.django_db(transaction=True)


def _edit(application, actor):  # type: ignore[no-untyped-def]
    return applications.application_update(
        application=application,
        actor=actor,
        data={"title": "改后的项目名称"},
        budget=[{"category": "equipment", "special_funds": "80", "self_funds": "80"}],
    )


def test_a_failure_after_the_edit_is_audited_leaves_the_application_and_its_budget(world, cast, monkeypatch):
    """Rule: application_update saves the fields, replaces the lines and audits in one transaction."""
    fill(world.draft, cast.org_admin)
    draft = Application.objects.get(pk=world.draft.pk)
    before = counts(BudgetLine)
    fail_after_audit(monkeypatch, applications)
    with pytest.raises(Boom):
        _edit(draft, cast.org_admin)
    after = Application.objects.get(pk=draft.pk)
    assert (after.title, after.version) == (draft.title, draft.version)
    assert counts(BudgetLine) == before
    assert BudgetLine.objects.filter(application=draft).count() == 2
    assert_chain_intact()


def test_the_same_edit_commits_when_nothing_fails(world, cast):
    """The control: without the injected failure the title and the single budget line are committed."""
    fill(world.draft, cast.org_admin)
    _edit(Application.objects.get(pk=world.draft.pk), cast.org_admin)
    assert Application.objects.get(pk=world.draft.pk).title == "改后的项目名称"
    assert BudgetLine.objects.filter(application=world.draft).count() == 1
