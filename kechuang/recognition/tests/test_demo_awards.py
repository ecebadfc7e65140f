"""The award demo (issue 17's leftovers): the 2026 科学技术奖 call has entries waiting for 审定 and on 公示,
the public 公示 page lists them, and 质监, 市场监管 and 知识产权局 each have a demo officer who moved their
schemes' applications (not the platform admin)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from kechuang.accounts.models import User
from kechuang.core.workflow import history
from kechuang.recognition.choices import ApplicationStatus as S
from kechuang.recognition.models import Application, Call
from kechuang.recognition.selectors import publicity_list


@pytest.fixture
def demo_out(db) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command(
        "demo_load", "--organizations", "400", "--seed", "5", "--apps", "review,recognition", stdout=out
    )
    return out.getvalue()


def test_the_science_award_call_has_entries_at_decision_and_on_publicity(demo_out):
    call = Call.objects.get(year=2026, scheme__code="ccsta")
    statuses = list(call.applications.values_list("status", flat=True))
    assert statuses.count(S.DECISION) == 2
    assert statuses.count(S.PUBLICITY) == 3
    on_notice = list(publicity_list(call=call))
    assert len(on_notice) == 3 and all(a.publicity_ends_on for a in on_notice)
    # decided on the reviewed scores: the experts' marks are in the total
    assert all(a.expert_score is not None for a in on_notice)
    page = Client().get("/recognition/publicity/").content.decode()
    assert all(a.title in page and a.organization.name in page for a in on_notice)


@pytest.mark.parametrize(
    ("username", "kind", "scheme"),
    [
        ("quality", "quality", "ccmp"),
        ("market", "market_regulation", "cczm"),
        ("ipoffice", "intellectual_property", "ccipa"),
    ],
)
def test_each_brand_department_has_a_demo_officer_who_moves_its_applications(
    demo_out, username, kind, scheme
):
    user = User.objects.get(username=username)
    department = user.officer_assignments.get().department
    assert (department.kind, department.region_id) == (kind, "220100")
    moved = Application.objects.filter(call__scheme__code=scheme, call__year=2026).exclude(
        status__in=[S.DRAFT, S.SUBMITTED]
    )
    assert moved.exists()
    assert all(history(a).filter(actor=user).exists() for a in moved)
    assert f"  {username}" in demo_out and department.name in demo_out
