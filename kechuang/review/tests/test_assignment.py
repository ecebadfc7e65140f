"""Expert assignment: every conflict rule, load balance, repair, shortfall, scale."""

import random
import time
from datetime import date

import pytest

from kechuang.review.assignment import (
    ApplicationProfile,
    ConflictReason,
    ConflictRules,
    Cooperation,
    ExpertProfile,
    assign_experts,
    conflict_reasons,
    count_conflicts,
)

TODAY = date(2026, 11, 26)
RULES = ConflictRules(reference_date=TODAY)


def app(i, org=None, **kw):
    return ApplicationProfile(id=f"a{i}", organization_id=org if org is not None else f"o{i}", **kw)


def expert(i, org=None, **kw):
    return ExpertProfile(id=f"e{i}", organization_id=org if org is not None else f"u{i}", **kw)


class TestConflictReasons:
    def test_no_conflict(self):
        assert conflict_reasons(app(1), expert(1), RULES) == []

    def test_same_organization(self):
        assert conflict_reasons(app(1, org="X"), expert(1, org="X"), RULES) == [
            ConflictReason.SAME_ORGANIZATION
        ]

    def test_same_organization_as_partner(self):
        a = app(1, partner_organization_ids=frozenset({"uni"}))
        assert ConflictReason.SAME_ORGANIZATION in conflict_reasons(a, expert(1, org="uni"), RULES)

    def test_recent_cooperation_within_window(self):
        e = expert(1, cooperations=(Cooperation("o1", date(2024, 1, 1)),))
        assert conflict_reasons(app(1), e, RULES) == [ConflictReason.RECENT_COOPERATION]

    def test_cooperation_on_window_boundary_counts(self):
        e = expert(1, cooperations=(Cooperation("o1", date(2023, 11, 26)),))
        assert conflict_reasons(app(1), e, RULES) == [ConflictReason.RECENT_COOPERATION]

    def test_old_cooperation_is_allowed(self):
        e = expert(1, cooperations=(Cooperation("o1", date(2023, 11, 25)),))
        assert conflict_reasons(app(1), e, RULES) == []

    def test_cooperation_window_is_configurable(self):
        e = expert(1, cooperations=(Cooperation("o1", date(2022, 6, 1)),))
        rules = ConflictRules(reference_date=TODAY, cooperation_years=5)
        assert conflict_reasons(app(1), e, rules) == [ConflictReason.RECENT_COOPERATION]

    def test_declared_conflict(self):
        e = expert(1, declared_conflict_organization_ids=frozenset({"o1"}))
        assert conflict_reasons(app(1), e, RULES) == [ConflictReason.DECLARED]

    def test_same_alliance(self):
        a = app(1, alliance_ids=frozenset({"al1", "al2"}))
        e = expert(1, alliance_ids=frozenset({"al2"}))
        assert conflict_reasons(a, e, RULES) == [ConflictReason.SAME_ALLIANCE]

    def test_other_alliance_is_allowed(self):
        a = app(1, alliance_ids=frozenset({"al1"}))
        assert conflict_reasons(a, expert(1, alliance_ids=frozenset({"al9"})), RULES) == []

    def test_same_region_off_by_default(self):
        assert conflict_reasons(app(1, region_code="220102"), expert(1, region_code="220102"), RULES) == []

    @pytest.mark.parametrize(
        ("digits", "expert_region", "conflict"),
        [
            (6, "220102", True),
            (6, "220103", False),
            (4, "220103", True),
            (4, "220203", False),
            (2, "220203", True),
        ],
    )
    def test_same_region_levels(self, digits, expert_region, conflict):
        rules = ConflictRules(reference_date=TODAY, same_region_digits=digits)
        reasons = conflict_reasons(app(1, region_code="220102"), expert(1, region_code=expert_region), rules)
        assert (reasons == [ConflictReason.SAME_REGION]) is conflict

    def test_excluded_pair(self):
        rules = ConflictRules(reference_date=TODAY, excluded_pairs=frozenset({("a1", "e1")}))
        assert conflict_reasons(app(1), expert(1), rules) == [ConflictReason.EXCLUDED]

    def test_several_reasons(self):
        e = expert(1, org="o1", declared_conflict_organization_ids=frozenset({"o1"}))
        assert conflict_reasons(app(1), e, RULES) == [
            ConflictReason.SAME_ORGANIZATION,
            ConflictReason.DECLARED,
        ]


class TestAssign:
    @pytest.mark.parametrize(
        "conflicting",
        [
            {"org": "o0"},
            {"cooperations": (Cooperation("o0", date(2026, 1, 1)),)},
            {"declared_conflict_organization_ids": frozenset({"o0"})},
            {"alliance_ids": frozenset({"al"})},
            {"region_code": "220102"},
        ],
        ids=["organization", "cooperation", "declared", "alliance", "region"],
    )
    def test_each_rule_is_avoided(self, conflicting):
        rules = ConflictRules(reference_date=TODAY, same_region_digits=6)
        a = app(0, alliance_ids=frozenset({"al"}), region_code="220102")
        experts = [expert(0, **conflicting)] + [expert(i, region_code="110101") for i in range(1, 4)]
        result = assign_experts([a], experts, per_application=3, rules=rules)
        assert sorted(result.assignments["a0"]) == ["e1", "e2", "e3"]
        assert result.shortfalls == {}

    def test_shortfall_when_too_few_eligible(self):
        experts = [expert(0, org="o0"), expert(1), expert(2)]
        result = assign_experts([app(0)], experts, per_application=3, rules=RULES)
        assert sorted(result.assignments["a0"]) == ["e1", "e2"]
        assert result.shortfalls == {"a0": 1}
        assert result.eligible_counts == {"a0": 2}

    def test_no_expert_twice_on_one_application(self):
        result = assign_experts([app(0)], [expert(1)], per_application=3, rules=RULES)
        assert result.assignments["a0"] == ["e1"]
        assert result.shortfalls == {"a0": 2}

    def test_at_most_one_expert_per_organization_on_an_application(self):
        experts = [expert(1, org="U"), expert(2, org="U"), expert(3, org="V")]
        result = assign_experts([app(0)], experts, per_application=3, rules=RULES)
        assert len(result.assignments["a0"]) == 2
        assert result.shortfalls == {"a0": 1}
        loose = ConflictRules(reference_date=TODAY, max_same_organization_per_application=None)
        assert len(assign_experts([app(0)], experts, per_application=3, rules=loose).assignments["a0"]) == 3

    def test_balanced_load(self):
        apps = [app(i) for i in range(40)]
        experts = [expert(i) for i in range(20)]
        result = assign_experts(apps, experts, per_application=5, rules=RULES)
        assert set(result.loads.values()) == {10}
        assert result.load_spread == 0

    def test_prefers_matching_field(self):
        a = app(0, fields=frozenset({"C33"}))
        experts = [expert(i, fields=frozenset({"C39"})) for i in range(5)] + [
            expert(9, fields=frozenset({"C33"}))
        ]
        result = assign_experts([a], experts, per_application=1, rules=RULES)
        assert result.assignments["a0"] == ["e9"]

    def test_repair_moves_an_earlier_assignment(self):
        # e1 is the only expert eligible for a0; a1 could use e1 or e2.  With capacity 1 the greedy order
        # is most-constrained first, so force the bad order with an existing assignment: a1 already holds e1.
        a0 = app(0, org="o0")
        a1 = app(1, org="o1")
        experts = [expert(1), expert(2, org="o0")]
        result = assign_experts(
            [a0, a1], experts, per_application=1, rules=RULES, capacity=1, existing={"a1": ["e1"]}
        )
        assert result.assignments == {"a0": ["e1"], "a1": ["e2"]}
        assert result.repairs == 1

    def test_personal_capacity(self):
        apps = [app(i) for i in range(6)]
        experts = [expert(1, capacity=1), expert(2), expert(3)]
        result = assign_experts(apps, experts, per_application=1, rules=RULES)
        assert result.loads["e1"] <= 1
        assert sum(result.loads.values()) == 6

    def test_existing_assignments_are_kept(self):
        result = assign_experts(
            [app(0)],
            [expert(1), expert(2), expert(3)],
            per_application=2,
            rules=RULES,
            existing={"a0": ["e3"]},
        )
        assert result.assignments["a0"][0] == "e3"
        assert len(result.assignments["a0"]) == 2

    def test_deterministic_for_seed(self):
        apps = [app(i) for i in range(30)]
        experts = [expert(i) for i in range(12)]
        one = assign_experts(apps, experts, per_application=3, rules=RULES, seed=7)
        two = assign_experts(apps, experts, per_application=3, rules=RULES, seed=7)
        assert one.assignments == two.assignments

    def test_rejects_bad_count(self):
        with pytest.raises(ValueError):
            assign_experts([app(0)], [expert(1)], per_application=0, rules=RULES)


def _random_call(n_apps, n_experts, seed):
    rng = random.Random(seed)
    orgs = [f"o{i}" for i in range(n_apps)]
    regions = [f"22{c:02d}0{d}" for c in range(1, 9) for d in range(1, 5)]
    fields = [f"C{n}" for n in range(13, 43)]
    apps = [
        ApplicationProfile(
            id=i,
            organization_id=orgs[i],
            region_code=rng.choice(regions),
            fields=frozenset(rng.sample(fields, 2)),
            alliance_ids=frozenset(rng.sample(range(30), rng.randint(0, 2))),
        )
        for i in range(n_apps)
    ]
    experts = [
        ExpertProfile(
            id=10_000 + j,
            organization_id=rng.choice(orgs) if rng.random() < 0.3 else f"univ{j % 40}",
            region_code=rng.choice(regions),
            fields=frozenset(rng.sample(fields, 3)),
            declared_conflict_organization_ids=frozenset(rng.sample(orgs, 5)),
            cooperations=tuple(
                Cooperation(rng.choice(orgs), date(rng.randint(2019, 2026), rng.randint(1, 12), 1))
                for _ in range(8)
            ),
            alliance_ids=frozenset(rng.sample(range(30), rng.randint(0, 2))),
        )
        for j in range(n_experts)
    ]
    return apps, experts


def test_index_agrees_with_reference_rules():
    apps, experts = _random_call(200, 60, seed=3)
    rules = ConflictRules(reference_date=TODAY, same_region_digits=4)
    result = assign_experts(apps, experts, per_application=5, rules=rules)
    assert count_conflicts(result.assignments, apps, experts, rules) == 0
    for a in apps[:50]:
        expected = sum(1 for e in experts if not conflict_reasons(a, e, rules))
        assert result.eligible_counts[a.id] == expected


def test_full_scale_zero_conflicts_under_ten_seconds():
    apps, experts = _random_call(2000, 200, seed=1)
    rules = ConflictRules(reference_date=TODAY, same_region_digits=4)
    started = time.perf_counter()
    result = assign_experts(apps, experts, per_application=5, rules=rules)
    elapsed = time.perf_counter() - started
    assert count_conflicts(result.assignments, apps, experts, rules) == 0
    assert result.shortfalls == {}
    assert all(len(v) == 5 for v in result.assignments.values())
    assert max(result.loads.values()) <= result.capacity
    assert elapsed < 10


def _max_flow(apps, experts, rules, k, capacity):
    """Reference optimum: max-flow of source -> application (k) -> eligible expert (1) -> sink (capacity)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_flow

    n, m = len(apps), len(experts)
    source, sink = n + m, n + m + 1
    rows, cols, caps = [], [], []
    for i, a in enumerate(apps):
        rows.append(source), cols.append(i), caps.append(k)
        for j, e in enumerate(experts):
            if not conflict_reasons(a, e, rules):
                rows.append(i), cols.append(n + j), caps.append(1)
    for j in range(m):
        rows.append(n + j), cols.append(sink), caps.append(capacity)
    graph = csr_matrix((np.array(caps, dtype=np.int32), (rows, cols)), shape=(n + m + 2, n + m + 2))
    return maximum_flow(graph, source, sink).flow_value


def _dense_call(seed):
    rng = random.Random(seed)
    n_apps, n_experts, k = rng.randint(5, 30), rng.randint(4, 12), rng.randint(1, 4)
    apps = [ApplicationProfile(id=i, organization_id=i) for i in range(n_apps)]
    p = rng.uniform(0.2, 0.7)
    experts = [
        ExpertProfile(
            id=100 + j,
            declared_conflict_organization_ids=frozenset(i for i in range(n_apps) if rng.random() < p),
        )
        for j in range(n_experts)
    ]
    return apps, experts, k


def test_fills_as_many_slots_as_max_flow():
    """Dense conflicts and a tight capacity: greedy + augmenting paths must reach the optimum."""
    repairs = 0
    for seed in range(120):
        apps, experts, k = _dense_call(seed)
        capacity = -(-len(apps) * k // len(experts))
        result = assign_experts(apps, experts, per_application=k, rules=RULES, capacity=capacity, seed=seed)
        filled = sum(len(v) for v in result.assignments.values())
        assert filled == _max_flow(apps, experts, RULES, k, capacity), seed
        assert count_conflicts(result.assignments, apps, experts, RULES) == 0
        assert max(result.loads.values()) <= capacity
        assert sum(result.shortfalls.values()) == len(apps) * k - filled
        repairs += result.repairs
    assert repairs > 0  # the repair path was exercised


def test_an_explicit_capacity_caps_every_expert_below_the_balanced_ceiling():
    """Rule: ``capacity`` caps every expert's load, even below the balanced ceiling; what does not fit is a
    shortfall, never an expert over the cap (and the cap is not raised: it is the caller's)."""
    apps = [app(i) for i in range(4)]
    experts = [expert(i) for i in range(4)]  # balanced ceiling: ceil(4 × 2 / 4) = 2
    result = assign_experts(apps, experts, per_application=2, rules=RULES, capacity=1)
    assert result.capacity == 1
    assert set(result.loads.values()) == {1}
    assert sum(result.shortfalls.values()) == 4
    balanced = assign_experts(apps, experts, per_application=2, rules=RULES)
    assert balanced.capacity == 2 and balanced.shortfalls == {}


def test_the_balanced_ceiling_is_raised_one_at_a_time():
    """Rule: when an application cannot be filled under the balanced ceiling, the ceiling rises by one —
    just enough — so that no expert takes more than needed: a later application that would prefer the
    overloaded expert (field match) goes to an idle one instead."""
    only_e1 = [app(i, org="X") for i in range(3)]  # e2 and e3 belong to X: only e1 may review these
    later = app(9, fields=frozenset({"C39"}))
    experts = [
        expert(1, fields=frozenset({"C39"})),
        expert(2, org="X", fields=frozenset({"C33"})),
        expert(3, org="X", fields=frozenset({"C33"})),
    ]
    result = assign_experts([*only_e1, later], experts, per_application=1, rules=RULES)
    # balanced ceiling ceil(4 / 3) = 2; the third of a0–a2 needs e1 a third time: ceiling 3, not 4
    assert result.capacity == 3
    assert result.shortfalls == {}
    assert result.loads["e1"] == 3
    assert result.assignments["a9"] in (["e2"], ["e3"])
