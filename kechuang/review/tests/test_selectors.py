"""Rules of review's reads (``kechuang/review/selectors.py``).

* an expert's list is their own assignments, declined ones left out unless asked, open ones first;
* a panel or item is found by its owner or subject of the right model, the latest first;
* what an expert reviews is what they are assigned or have scored, of the model asked, never declined;
* a panel's progress counts each status and its items;
* an expert's sheet is theirs to see at once; anyone else's view is sealed until the panel closes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from kechuang.recognition.models import Application
from kechuang.review.models import Panel, PanelItem
from kechuang.review.selectors import (
    assigned_subject_ids,
    item_assignments,
    item_for_subject,
    my_assignments,
    panel_assignments,
    panel_for_owner,
    panel_progress,
    scores_visible,
)
from tests.app_factories import (
    ApplicationFactory,
    ExpertFactory,
    PanelFactory,
    PanelItemFactory,
    ReviewAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(cast):
    """One expert with an assigned, a submitted and a declined assignment (in three panels)."""
    expert = ExpertFactory()
    assigned = ReviewAssignmentFactory(expert=expert, status="assigned")
    submitted = ReviewAssignmentFactory(expert=expert, status="submitted", total=Decimal("80"))
    declined = ReviewAssignmentFactory(expert=expert, status="declined")
    ReviewAssignmentFactory(status="assigned")  # someone else's
    return expert, assigned, submitted, declined


def test_rule_an_experts_list_is_their_own_without_declined_open_ones_first(three):
    expert, assigned, submitted, _declined = three
    assert list(my_assignments(user=expert.user)) == [assigned, submitted]
    assert list(my_assignments(user=expert.user, status="submitted")) == [submitted]
    assert list(my_assignments(user=expert.user, status="assigned")) == [assigned]
    assert list(my_assignments(user=expert.user, status="declined")) == []
    second = ReviewAssignmentFactory(expert=expert, status="assigned")
    assert list(my_assignments(user=expert.user)) == [second, assigned, submitted]


def test_rule_what_an_expert_reviews_is_assigned_or_scored_of_the_model_asked(three):
    expert, assigned, submitted, declined = three
    ids = set(assigned_subject_ids(user=expert.user, model=Application))
    assert ids == {assigned.item.subject_id, submitted.item.subject_id}
    assert declined.item.subject_id not in ids
    assert set(assigned_subject_ids(user=expert.user, model=Panel)) == set()


def test_rule_a_subject_of_another_model_with_the_same_id_is_not_assigned(three):
    expert, assigned, submitted, _declined = three
    other_type = PanelItemFactory(subject=ApplicationFactory())
    other_type.subject_type = ContentType.objects.get_for_model(Panel)
    other_type.save()
    ReviewAssignmentFactory(expert=expert, item=other_type, status="assigned")
    ids = set(assigned_subject_ids(user=expert.user, model=Application))
    assert ids == {assigned.item.subject_id, submitted.item.subject_id}
    assert set(assigned_subject_ids(user=expert.user, model=Panel)) == {other_type.subject_id}


def test_rule_a_panel_is_found_by_its_owner_the_latest_first(cast):
    application = ApplicationFactory()
    assert panel_for_owner(owner=application) is None
    first = PanelFactory(owner=application)
    latest = PanelFactory(owner=application)
    PanelFactory()  # another owner
    assert panel_for_owner(owner=application) == latest != first
    other = PanelFactory(owner=cast.org)
    other.owner_id = str(application.pk)
    other.save()  # same id, another model
    assert panel_for_owner(owner=application) == latest
    PanelFactory(owner=ApplicationFactory())  # a later panel of another application
    assert panel_for_owner(owner=application) == latest


def test_rule_an_item_is_found_by_its_subject_the_latest_first(cast, django_assert_num_queries):
    application = ApplicationFactory()
    assert item_for_subject(subject=application) is None
    PanelItemFactory(subject=application)
    latest = PanelItemFactory(subject=application)
    PanelItemFactory()
    with django_assert_num_queries(1):
        found = item_for_subject(subject=application)
        assert found == latest and found.panel.name == latest.panel.name  # the panel comes with it
    same_id = PanelItemFactory(subject=application)
    same_id.subject_type = ContentType.objects.get_for_model(Panel)
    same_id.save()
    assert item_for_subject(subject=application) == latest


def test_rule_progress_counts_each_status_and_the_items():
    panel = PanelFactory()
    items = [PanelItemFactory(panel=panel) for _ in range(3)]
    for status, n in (("assigned", 3), ("submitted", 2), ("declined", 1)):
        for _ in range(n):
            ReviewAssignmentFactory(item=items[0], status=status)
    ReviewAssignmentFactory(status="submitted")  # another panel's
    assert panel_progress(panel=panel) == {"assigned": 3, "submitted": 2, "declined": 1, "items": 3}
    assert panel_progress(panel=PanelFactory()) == {"assigned": 0, "submitted": 0, "declined": 0, "items": 0}


def test_rule_a_panels_assignments_are_its_items_with_experts_in_one_query(django_assert_num_queries):
    panel = PanelFactory()
    mine = [ReviewAssignmentFactory(item=PanelItemFactory(panel=panel)) for _ in range(2)]
    ReviewAssignmentFactory()
    with django_assert_num_queries(1):
        rows = [(a.pk, a.expert.user.username, a.item.label) for a in panel_assignments(panel=panel)]
    assert sorted(r[0] for r in rows) == sorted(a.pk for a in mine)


def test_rule_an_expert_sees_their_own_sheet_others_only_after_closing(cast):
    a = ReviewAssignmentFactory(
        status="submitted", scores={"quality": "90"}, total=Decimal("90"), comment="好"
    )
    a.item.panel.status = "scoring"
    a.item.panel.save()
    assert scores_visible(user=a.expert.user, assignment=a) is True
    assert scores_visible(user=cast.admin, assignment=a) is False
    assert scores_visible(user=None, assignment=a) is False
    no_account = ReviewAssignmentFactory(expert=ExpertFactory(user=None))
    assert scores_visible(user=None, assignment=no_account) is False
    a.item.panel.status = "closed"
    assert scores_visible(user=cast.admin, assignment=a) is True


def test_rule_each_row_of_an_item_carries_the_expert_status_and_sealed_scores(cast):
    a = ReviewAssignmentFactory(
        status="submitted", scores={"quality": "90"}, total=Decimal("90"), comment="好"
    )
    Panel.objects.filter(pk=a.item.panel_id).update(status="scoring")
    item = PanelItem.objects.get(pk=a.item_id)
    [own] = item_assignments(user=a.expert.user, item=item)
    assert own["assignment"] == a and own["expert"] == a.expert and own["status"] == "已评分"
    assert (own["scores"], own["total"], own["comment"]) == ({"quality": "90"}, Decimal("90.00"), "好")
    [sealed] = item_assignments(user=cast.admin, item=item)
    assert (sealed["scores"], sealed["total"], sealed["comment"], sealed["status"]) == (
        None,
        None,
        "",
        "已评分",
    )
    assert item_assignments(user=cast.norole, item=item) == []


def test_rule_an_items_rows_cost_the_same_queries_however_many_experts(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n):
        item = PanelItemFactory()
        for _ in range(n):
            ReviewAssignmentFactory(item=item, status="submitted")
        item = PanelItem.objects.get(pk=item.pk)
        with CaptureQueriesContext(connection) as ctx:
            rows = item_assignments(user=cast.admin, item=item)
            assert [r["expert"].name for r in rows] and len(rows) == n
        return len(ctx.captured_queries)

    assert queries(1) == queries(3)


def test_rule_an_experts_list_is_theirs_to_score_not_what_others_may_view(three, cast):
    assert list(my_assignments(user=cast.admin)) == []  # an admin views every sheet but scores none


def test_rule_an_experts_list_reads_panels_and_organizations_in_one_query(three, django_assert_num_queries):
    expert = three[0]
    with django_assert_num_queries(1):
        rows = [(a.item.panel.name, a.item.organization.name) for a in my_assignments(user=expert.user)]
    assert len(rows) == 2
