"""Property: for any rule and any registry contents, explain (Python) and select (SQL) agree.

Hypothesis generates a small registry (organisations with random, often missing, figures,
designations, parks, regions, industries) and random rules in the rule language. For every rule the
set selected in SQL as true / false / unknown must equal the set the Python evaluator gives on the
facts built from the same rows. Runs on SQLite and, with DATABASE_URL pointing at PostgreSQL, there.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kechuang.eligibility import Facts, RuleError, evaluate
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE
from kechuang.eligibility.compiler import Context, compile_condition
from kechuang.policies.compiler import select, select_many
from kechuang.policies.facts import organization_facts
from kechuang.policies.models import PolicyStatistics
from kechuang.policies.rules import shipped_rules
from kechuang.registry.models import (
    Designation,
    Industry,
    Organization,
    ParkMembership,
    Region,
    YearlyStatistics,
)
from tests import factories as f

TODAY = dt.date(2026, 6, 30)
REGIONS = ["220102", "220104", "220202", "410311", "330106"]
INDUSTRIES = [None, "33", "65", "51", "16"]
SMALL = st.one_of(st.none(), st.integers(min_value=0, max_value=60))
MONEY = st.one_of(st.none(), st.integers(min_value=0, max_value=400).map(lambda x: x * 25_000))

org_strategy = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["enterprise", "enterprise", "university", "institute"]),
        "size": st.sampled_from(["", "small", "micro", "medium", "large"]),
        "founded_on": st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31))),
        "region": st.sampled_from(REGIONS),
        "industry": st.sampled_from(INDUSTRIES),
        "verified": st.booleans(),
        "in_park": st.booleans(),
        "stats": st.dictionaries(
            st.sampled_from([2023, 2024, 2025]),
            st.fixed_dictionaries(
                {
                    "revenue": MONEY,
                    "rd_expenditure": MONEY,
                    "employees": SMALL,
                    "rd_staff": SMALL,
                    "valid_invention_patents": SMALL,
                }
            ),
            max_size=3,
        ),
        "pstats": st.dictionaries(
            st.sampled_from([2024, 2025]),
            st.fixed_dictionaries({"tech_staff": SMALL, "ip_count": SMALL, "high_tech_revenue": MONEY}),
            max_size=2,
        ),
        "designations": st.lists(
            st.tuples(
                st.sampled_from(["high_tech", "tech_sme"]),
                st.dates(dt.date(2022, 1, 1), dt.date(2026, 12, 31)),
                st.one_of(st.none(), st.integers(min_value=0, max_value=1200)),
            ),
            max_size=2,
        ),
    }
)

# --- random rules ---------------------------------------------------------------------------
STAT = st.sampled_from(
    [
        "stats[last_year].revenue",
        "stats[last_year].rd_expenditure",
        "stats[last_year - 1].revenue",
        "stats[last_year].employees",
        "stats[last_year].rd_staff",
        "stats[last_year].tech_staff",
        "stats[last_year].ip_count",
        "stats[last_year - 1].valid_invention_patents",
        "stats[last_year].high_tech_revenue",
    ]
)
CONST = st.sampled_from(["0", "1", "3", "10", "3%", "50%", "100万", "500万", "0.5"])
numeric = st.recursive(
    st.one_of(
        STAT,
        CONST,
        st.just("sum_years(rd_expenditure, 2)"),
        st.just("sum_operating_years(revenue, 3)"),
        st.just("growth(revenue)"),
    ),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
    ),
    max_leaves=4,
)
atom = st.one_of(
    st.tuples(numeric, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), numeric).map(" ".join),
    st.sampled_from(
        [
            'kind == "enterprise"',
            'size in ["small", "micro"]',
            'size not in ["large"]',
            'region under "220000"',
            'region under "220100"',
            'industry under "C"',
            'industry under "65"',
            'designated("高新技术企业")',
            'designated("科技型中小企业", on=today - years(1))',
            "in_park",
            "verified",
            "founded_on <= today - years(2)",
            "known(stats[last_year].revenue)",
            "known(founded_on)",
        ]
    ),
    st.tuples(atom_cond := st.just("stats[last_year].revenue > 1000万"), numeric, numeric).map(
        lambda t: f"({t[1]} if {t[0]} else {t[2]}) >= 1"
    ),
)
condition = st.recursive(
    atom,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda c: f"not ({c})"),
    ),
    max_leaves=5,
)


def build(orgs_data: list[dict]) -> list[Organization]:
    regions = {r.code: r for r in Region.objects.filter(code__in=REGIONS)}
    industries = {i.code: i for i in Industry.objects.filter(code__in=[c for c in INDUSTRIES if c])}
    park = f.ParkFactory()
    orgs = []
    for i, d in enumerate(orgs_data):
        region = regions[d["region"]]
        org = f.OrganizationFactory(
            kind=d["kind"],
            size=d["size"],
            founded_on=d["founded_on"],
            region=region,
            industry=industries.get(d["industry"]) if d["industry"] else None,
            verification_status="verified" if d["verified"] else "pending",
            uscc=f.make_uscc(90000 + i, region.code),
        )
        for year, row in d["stats"].items():
            if row["rd_staff"] is not None and row["employees"] is not None:
                row = {**row, "rd_staff": min(row["rd_staff"], row["employees"])}  # registry constraint
            YearlyStatistics.objects.create(organization=org, year=year, **row)
        for year, row in d["pstats"].items():
            PolicyStatistics.objects.create(organization=org, year=year, **row)
        for kind, start, length in d["designations"]:
            end = None if length is None else start + dt.timedelta(days=length)
            Designation.objects.create(organization=org, kind=kind, valid_from=start, valid_to=end)
        if d["in_park"]:
            ParkMembership.objects.create(park=park, organization=org)
        orgs.append(org)
    return orgs


def check_agreement(tree, orgs, facts) -> None:
    qs = Organization.objects.filter(pk__in=[o.pk for o in orgs])
    expected = {True: set(), False: set(), None: set()}
    for o in orgs:
        expected[evaluate(tree, Facts(facts[o.pk]))].add(o.pk)
    for value in (True, False, None):
        got = set(select(tree, qs, value=value).values_list("pk", flat=True))
        assert got == expected[value], (value, got, expected[value])


def check_many_agreement(trees, orgs, facts) -> None:
    """``select_many`` (all rules in one query, shared sub-expressions computed once) gives, for each
    rule and each value, the set the evaluator gives."""
    qs = Organization.objects.filter(pk__in=[o.pk for o in orgs])
    values = {o.pk: [evaluate(t, Facts(facts[o.pk])) for t in trees] for o in orgs}
    for value in (True, False, None):
        got = select_many(trees, qs, value=value)
        assert len(got) == len(trees)
        for i, ids in enumerate(got):
            assert sorted(ids) == sorted(pk for pk, vs in values.items() if vs[i] is value), (i, value)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    orgs_data=st.lists(org_strategy, min_size=1, max_size=8),
    rules=st.lists(condition, min_size=1, max_size=4),
)
def test_explain_and_select_agree_on_random_rules(orgs_data, rules):
    ctx = Context(DEFAULT_CATALOGUE, TODAY)
    with transaction.atomic():
        orgs = build(orgs_data)
        facts = organization_facts(orgs)
        trees = []
        for text in rules:
            try:
                tree = compile_condition(text, ctx)
            except RuleError:  # e.g. a constant division by zero: refused when the rule is written
                continue
            check_agreement(tree, orgs, facts)
            trees.append(tree)
        check_many_agreement(trees, orgs, facts)
        transaction.set_rollback(True)


SHIPPED = shipped_rules()


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(orgs_data=st.lists(org_strategy, min_size=1, max_size=10))
def test_explain_and_select_agree_on_shipped_rules(orgs_data):
    with transaction.atomic():
        orgs = build(orgs_data)
        facts = organization_facts(orgs)
        trees = [rule.compile(TODAY) for rule in SHIPPED]
        for tree in trees:
            check_agreement(tree, orgs, facts)
        # the batch form (one query for many rules on PostgreSQL) selects the same sets
        qs = Organization.objects.filter(pk__in=[o.pk for o in orgs])
        for tree, ids in zip(trees, select_many(trees, qs), strict=True):
            assert set(ids) == {o.pk for o in orgs if evaluate(tree, Facts(facts[o.pk])) is True}
        transaction.set_rollback(True)
