"""All measures in one pass (select_many), the batch selector and the nightly counts command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kechuang.eligibility import nodes as n
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE
from kechuang.eligibility.compiler import Context, compile_condition
from kechuang.eligibility.whatif import thresholds, with_thresholds
from kechuang.policies import selectors
from kechuang.policies.compiler import plan_many, select, select_many, select_many_query
from kechuang.registry.models import Designation, Organization, ParkMembership, YearlyStatistics
from tests import factories as f

from .conftest import ON

pytestmark = pytest.mark.django_db


def cond(text: str) -> n.Node:
    return compile_condition(text, Context(DEFAULT_CATALOGUE, ON))


RATIO = "stats[last_year].rd_expenditure / stats[last_year].revenue"


def test_shared_ratio_is_one_column():
    trees = [cond(f"{RATIO} >= 3%"), cond(f'{RATIO} >= 5% and kind == "enterprise"'), cond("in_park")]
    shared, memo = plan_many(trees)
    ratio = n.structure(cond(f"{RATIO} >= 3%").left)  # type: ignore[attr-defined]
    assert ratio in shared  # computed once for both rules
    kinds = {type(node).__name__ for node in shared.values()}
    assert kinds == {
        "Arith",
        "Fact",
    }  # the ratio, kind, in_park: the figures inside the ratio are not columns
    assert len(shared) == 3 and memo


def test_one_query_for_all_rules_and_every_value(cast, srdi):
    org, other = cast.org, cast.other_org
    Designation.objects.create(organization=other, kind="high_tech", valid_from=dt.date(2024, 1, 1))
    ParkMembership.objects.create(park=f.ParkFactory(), organization=org)
    texts = [
        f"{RATIO} >= 3%",
        f"{RATIO} >= 3%",  # the same rule twice: one column, both answered
        f"{RATIO} >= 5%",
        'designated("高新技术企业") or in_park',
        'designated("专精特新中小企业")',
        "stats[last_year].employees > 10",  # unknown for both
        'not (region under "220200") and verified',
    ]
    trees = [cond(t) for t in texts] + [srdi.rule.compile(ON)]
    qs = Organization.objects.filter(pk__in=[org.pk, other.pk])
    for value in (True, False, None):
        with CaptureQueriesContext(connection) as ctx:
            got = select_many(trees, qs, value=value)
        assert sum("FILTER (WHERE" in q["sql"] for q in ctx.captured_queries) == 1
        for tree, ids in zip(trees, got, strict=True):
            assert sorted(ids) == sorted(select(tree, qs, value=value).values_list("pk", flat=True))
    got = select_many(trees, qs)
    both = sorted([org.pk, other.pk])  # R&D 4 % of revenue each
    assert sorted(got[0]) == sorted(got[1]) == both and got[2] == [] and sorted(got[3]) == both
    assert select_many([], qs) == []
    assert select_many(trees, qs.none()) == [[] for _ in trees]
    assert select_many(trees, Organization.objects.filter(pk__in=[])) == [[] for _ in trees]
    q = select_many_query(trees, qs)
    assert q.slots[0] == q.slots[1] and len(set(q.slots)) == len(trees) - 1


def test_threshold_variants_in_one_pass(cast, srdi):
    base = srdi.rule.compile(ON)
    ths = thresholds(base)
    variants = [with_thresholds(base, {t.index: t.value * k for t in ths}) for k in (0, 1, 2)]
    qs = Organization.objects.all()
    got = select_many(variants, qs)
    assert [sorted(ids) for ids in got] == [
        sorted(select(v, qs).values_list("pk", flat=True)) for v in variants
    ]
    assert got[1] == [cast.org.pk]


def test_qualified_many_is_scoped(cast, srdi, measures):
    mine = selectors.qualified_many(user=cast.officer, measures=[srdi, measures["rd-super-deduction"]], on=ON)
    assert mine[srdi.pk] == [cast.org.pk]
    assert selectors.qualified_many(user=cast.other_officer, measures=[srdi], on=ON)[srdi.pk] == []
    for value in (False, None):  # the same sets as one query per measure, in the same scope
        got = selectors.qualified_many(user=cast.officer, measures=[srdi], on=ON, value=value)[srdi.pk]
        one = selectors.qualified_organizations(user=cast.officer, measure=srdi, on=ON, value=value)
        assert sorted(got) == sorted(o.pk for o in one)
    failed = selectors.qualified_many(user=cast.officer, measures=[srdi], on=ON, value=False)[srdi.pk]
    assert cast.org.pk not in failed


def test_nightly_counts_command(cast, srdi):
    YearlyStatistics.objects.filter(organization=cast.org).update(revenue=80_000_000)
    out = StringIO()
    call_command("policies_qualify", "--user", "officer", "--date", ON.isoformat(), stdout=out)
    lines = out.getvalue().splitlines()
    assert "specialized-sme\t1\t" in "\n".join(lines)
    assert lines[-1].startswith("共 ") and "2026-06-30" in lines[-1]
    with pytest.raises(Exception, match="不存在"):
        call_command("policies_qualify", "--user", "nobody")
