"""``exactly_one``: the check of a row about one thing or another (market subjects, targets reports)."""

from django.db.models import Q

from kechuang.core.models import exactly_one


def test_exactly_one_allows_one_of_the_two_and_names_its_message():
    constraint = exactly_one("task", "indicator", name="one_subject", message="只能针对一个。")
    assert constraint.condition == Q(task__isnull=False, indicator__isnull=True) | Q(
        task__isnull=True, indicator__isnull=False
    )
    assert constraint.name == "one_subject" and constraint.violation_error_message == "只能针对一个。"
