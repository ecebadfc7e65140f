"""Rules of the replacement an expert's 回避 (assignment_decline) brings in, one property per test.

The replacement is, among the conflict-free experts not already on the item and with room left: one whose
fields match the organisation's industry (at any level of the GB/T 4754 tree) before one whose do not,
then the less loaded on this panel, then the earlier entry in the pool.
"""

from __future__ import annotations

import pytest

from kechuang.registry.choices import IndustryLevel
from kechuang.registry.models import Industry, Organization
from kechuang.review.models import PanelItem, ReviewAssignment
from kechuang.review.services import assignment_decline, panel_add_item, panel_assign
from tests import factories as f

from .conftest import expert

pytestmark = pytest.mark.django_db


def _industry(cast, code: str) -> None:  # type: ignore[no-untyped-def]
    Organization.objects.filter(pk=cast.org.pk).update(industry=Industry.objects.get(code=code))


def _decline(panel, cast, *pool):  # type: ignore[no-untyped-def]
    """Assign the first expert of ``pool`` alone, then let them decline; the others wait in the pool."""
    first = pool[0]
    panel_assign(panel=panel, actor=cast.officer, experts=[first])
    assignment = ReviewAssignment.objects.get(expert=first)
    replacement = assignment_decline(assignment=assignment, actor=first.user, reason="曾为该企业提供咨询")
    return replacement.expert if replacement else None


def test_an_expert_of_the_industry_is_preferred_to_an_earlier_one_of_another(panel, cast):
    """Rule: a matching field comes before the pool order."""
    _industry(cast, "39")
    declining = expert("专家A")
    other = expert("专家B", fields=["01"])
    matching = expert("专家C", fields=["39"])
    assert other.pk < matching.pk
    assert _decline(panel, cast, declining, other, matching) == matching


@pytest.mark.parametrize("field", ["39", "391"])
def test_a_field_matches_the_industry_at_any_level_above_it(panel, cast, field):
    """Rule: an expert of division 39 or of group 391 matches an organisation of class 3911."""
    division = Industry.objects.get(code="39")
    group = Industry.objects.create(
        code="391", code_with_section="C391", name="计算机制造", level=IndustryLevel.GROUP, parent=division
    )
    Industry.objects.create(
        code="3911", code_with_section="C3911", name="计算机整机制造", level=IndustryLevel.CLASS, parent=group
    )
    _industry(cast, "3911")
    declining = expert("专家A")
    other = expert("专家B", fields=["01"])
    matching = expert("专家C", fields=[field])
    assert _decline(panel, cast, declining, other, matching) == matching


def test_the_less_loaded_expert_is_preferred(panel, cast):
    """Rule: between two matching experts, the one with fewer live assignments on this panel."""
    _industry(cast, "39")
    declining = expert("专家A")
    busy = expert("专家B", fields=["39"])
    free = expert("专家C", fields=["39"])
    panel_add_item(
        panel=panel, subject=cast.other_org, organization=cast.other_org, label="北方", actor=cast.officer
    )
    other_item = PanelItem.objects.get(panel=panel, organization=cast.other_org)
    ReviewAssignment.objects.create(item=other_item, expert=busy)
    assert _decline(panel, cast, declining, busy, free) == free


def test_an_expert_with_room_left_is_eligible_and_one_at_capacity_is_not(panel, cast):
    """Rule: an expert's personal capacity (max_load) counts the live assignments on this panel."""
    declining = expert("专家A")
    full = expert("专家B", max_load=1)
    roomy = expert("专家C", max_load=1)
    panel_add_item(
        panel=panel, subject=cast.other_org, organization=cast.other_org, label="北方", actor=cast.officer
    )
    ReviewAssignment.objects.create(
        item=PanelItem.objects.get(panel=panel, organization=cast.other_org), expert=full
    )
    assert _decline(panel, cast, declining, full, roomy) == roomy


def test_no_replacement_when_nobody_is_left(panel, cast):
    """Rule: with no conflict-free expert left the decline stands and no one replaces the expert."""
    declining = expert("专家A")
    same_org = expert("专家B", org=cast.org)
    assert _decline(panel, cast, declining, same_org) is None


def test_an_expert_already_on_the_item_is_never_the_replacement(panel, cast):
    """Rule: the replacement is none of the experts still on the item, however lightly loaded they are."""
    panel.experts_per_item = 2
    panel.save(update_fields=["experts_per_item"])
    declining, staying = expert("专家A"), expert("专家B")
    busy = expert("专家C")
    panel_assign(panel=panel, actor=cast.officer, experts=[declining, staying])
    for n in range(2):
        org = f.OrganizationFactory(name=f"其他企业{n}")
        panel_add_item(panel=panel, subject=org, organization=org, label=f"其他{n}", actor=cast.officer)
        ReviewAssignment.objects.create(
            item=PanelItem.objects.get(panel=panel, organization=org), expert=busy
        )
    assignment = ReviewAssignment.objects.get(expert=declining)
    replacement = assignment_decline(assignment=assignment, actor=declining.user, reason="曾为该企业提供咨询")
    assert replacement is not None and replacement.expert == busy
