"""Expert assignment with conflict-of-interest avoidance and load balancing.

Pure Python, no Django import: the review services build plain dataclasses from the database, call
:func:`assign_experts`, and persist the result.  Programs and acceptance reuse it unchanged.

The problem is a b-matching on a bipartite graph: every application needs ``per_application`` experts,
every expert takes at most ``capacity`` applications, and an (application, expert) edge exists only when
no conflict-of-interest rule fires.  We solve it in two steps:

1. **Greedy.**  Applications are taken most-constrained first (fewest eligible experts).  Each picks the
   eligible experts with the best key ``(no field match, current load, random tie-break)``, so expertise is
   preferred and load stays level.  The capacity ceiling ``ceil(slots / experts)`` (or the caller's
   explicit one) keeps the load balanced.
2. **Repair.**  When an application cannot be filled from experts with spare capacity, we search for an
   augmenting path (breadth-first, like Hopcroft-Karp): application -> full expert -> another application
   that holds that expert and can swap to a different eligible expert -> ... -> an expert with spare
   capacity.  Applying the path keeps every earlier assignment conflict-free.  Only if no path exists is
   the ceiling raised by one, and only if the application has too few eligible experts at all is a
   shortfall reported.

Conflicts are never traded for coverage: an ineligible pair is never produced, whatever the capacity.
Why not a general min-cost-flow library: 2,000 x 200 edges in a Python flow solver takes tens of
seconds, SciPy's ``linear_sum_assignment`` handles only one-to-one matchings, and the greedy pass
already leaves almost nothing to repair, so the exact part (augmenting paths) runs on a handful of slots.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

Id = int | str


class ConflictReason(StrEnum):
    """Why an expert may not review an application (codes stored with assignment explanations)."""

    SAME_ORGANIZATION = "same_organization"
    RECENT_COOPERATION = "recent_cooperation"
    DECLARED = "declared"
    SAME_ALLIANCE = "same_alliance"
    SAME_REGION = "same_region"
    EXCLUDED = "excluded"


@dataclass(frozen=True, slots=True)
class Cooperation:
    """A past co-operation of an expert with an organization (joint project, contract, co-authorship)."""

    organization_id: Id
    on: date


@dataclass(frozen=True, slots=True)
class ExpertProfile:
    """What the assignment needs to know about one expert of the pool."""

    id: Id
    organization_id: Id | None = None
    region_code: str = ""
    fields: frozenset[str] = frozenset()
    declared_conflict_organization_ids: frozenset[Id] = frozenset()
    cooperations: tuple[Cooperation, ...] = ()
    alliance_ids: frozenset[Id] = frozenset()
    capacity: int | None = None  # personal ceiling; ``None`` means the balanced ceiling


@dataclass(frozen=True, slots=True)
class ApplicationProfile:
    """What the assignment needs to know about one application (through its applicant)."""

    id: Id
    organization_id: Id
    region_code: str = ""
    fields: frozenset[str] = frozenset()
    alliance_ids: frozenset[Id] = frozenset()
    # further organizations behind the application (co-applicants, 联建/共建 partners)
    partner_organization_ids: frozenset[Id] = frozenset()


@dataclass(frozen=True, slots=True)
class ConflictRules:
    """Which conflict-of-interest rules apply.

    ``same_region_digits``: ``None`` switches the region rule off; 6 excludes experts of the same county,
    4 the same prefecture (city), 2 the same province (GB/T 2260 code prefixes).
    """

    reference_date: date
    cooperation_years: int = 3
    same_region_digits: int | None = None
    max_same_organization_per_application: int | None = 1
    excluded_pairs: frozenset[tuple[Id, Id]] = frozenset()  # (application_id, expert_id), e.g. declined

    @property
    def cooperation_since(self) -> date:
        try:
            return self.reference_date.replace(year=self.reference_date.year - self.cooperation_years)
        except ValueError:  # 29 February
            return self.reference_date - timedelta(days=365 * self.cooperation_years)


@dataclass(slots=True)
class AssignmentResult:
    """The outcome: experts per application, loads, and what could not be filled."""

    assignments: dict[Id, list[Id]]
    loads: dict[Id, int]
    shortfalls: dict[Id, int] = field(default_factory=dict)
    eligible_counts: dict[Id, int] = field(default_factory=dict)
    capacity: int = 0
    repairs: int = 0

    @property
    def load_spread(self) -> int:
        values = [v for v in self.loads.values()]
        return (max(values) - min(values)) if values else 0


def _org_ids(application: ApplicationProfile) -> frozenset[Id]:
    return frozenset({application.organization_id}) | application.partner_organization_ids


def _same_region(a: str, b: str, digits: int) -> bool:
    return bool(a) and bool(b) and a[:digits] == b[:digits]


def conflict_reasons(
    application: ApplicationProfile, expert: ExpertProfile, rules: ConflictRules
) -> list[ConflictReason]:
    """Every rule that forbids ``expert`` from reviewing ``application`` (empty list: allowed).

    This is the readable reference implementation; :func:`assign_experts` uses an index that gives the
    same answers (tests check both agree) and :func:`count_conflicts` re-verifies results with it.
    """
    reasons: list[ConflictReason] = []
    orgs = _org_ids(application)
    if expert.organization_id is not None and expert.organization_id in orgs:
        reasons.append(ConflictReason.SAME_ORGANIZATION)
    since = rules.cooperation_since
    if any(c.organization_id in orgs and c.on >= since for c in expert.cooperations):
        reasons.append(ConflictReason.RECENT_COOPERATION)
    if expert.declared_conflict_organization_ids & orgs:
        reasons.append(ConflictReason.DECLARED)
    if expert.alliance_ids & application.alliance_ids:
        reasons.append(ConflictReason.SAME_ALLIANCE)
    if rules.same_region_digits and _same_region(
        application.region_code, expert.region_code, rules.same_region_digits
    ):
        reasons.append(ConflictReason.SAME_REGION)
    if (application.id, expert.id) in rules.excluded_pairs:
        reasons.append(ConflictReason.EXCLUDED)
    return reasons


def count_conflicts(
    assignments: Mapping[Id, Iterable[Id]],
    applications: Sequence[ApplicationProfile],
    experts: Sequence[ExpertProfile],
    rules: ConflictRules,
) -> int:
    """Number of assigned pairs that break a rule, checked independently of the assignment index."""
    apps = {a.id: a for a in applications}
    exps = {e.id: e for e in experts}
    return sum(
        1
        for app_id, expert_ids in assignments.items()
        for expert_id in expert_ids
        if conflict_reasons(apps[app_id], exps[expert_id], rules)
    )


class _ConflictIndex:
    """Inverted indexes so that the conflicted experts of an application are a few set unions."""

    def __init__(self, experts: Sequence[ExpertProfile], rules: ConflictRules) -> None:
        self.by_org: dict[Id, set[int]] = defaultdict(set)
        self.by_coop: dict[Id, set[int]] = defaultdict(set)
        self.by_declared: dict[Id, set[int]] = defaultdict(set)
        self.by_alliance: dict[Id, set[int]] = defaultdict(set)
        self.by_region: dict[str, set[int]] = defaultdict(set)
        self.rules = rules
        since = rules.cooperation_since
        for i, e in enumerate(experts):
            if e.organization_id is not None:
                self.by_org[e.organization_id].add(i)
            for c in e.cooperations:
                if c.on >= since:
                    self.by_coop[c.organization_id].add(i)
            for o in e.declared_conflict_organization_ids:
                self.by_declared[o].add(i)
            for al in e.alliance_ids:
                self.by_alliance[al].add(i)
            if rules.same_region_digits and e.region_code:
                self.by_region[e.region_code[: rules.same_region_digits]].add(i)
        self.index_of = {e.id: i for i, e in enumerate(experts)}
        self.excluded: dict[Id, set[int]] = defaultdict(set)
        for app_id, expert_id in rules.excluded_pairs:
            if expert_id in self.index_of:
                self.excluded[app_id].add(self.index_of[expert_id])

    def conflicted(self, application: ApplicationProfile) -> set[int]:
        out: set[int] = set()
        for o in _org_ids(application):
            out |= self.by_org.get(o, set())
            out |= self.by_coop.get(o, set())
            out |= self.by_declared.get(o, set())
        for al in application.alliance_ids:
            out |= self.by_alliance.get(al, set())
        digits = self.rules.same_region_digits
        if digits and application.region_code:
            out |= self.by_region.get(application.region_code[:digits], set())
        out |= self.excluded.get(application.id, set())
        return out


def assign_experts(
    applications: Sequence[ApplicationProfile],
    experts: Sequence[ExpertProfile],
    *,
    per_application: int,
    rules: ConflictRules,
    capacity: int | None = None,
    existing: Mapping[Id, Sequence[Id]] | None = None,
    seed: int = 0,
) -> AssignmentResult:
    """Assign ``per_application`` conflict-free experts to every application, balancing load.

    ``existing`` assignments (e.g. experts who already accepted) are kept and count toward load; they
    are not re-checked for conflicts here — the caller validated them when they were made.
    ``capacity`` caps every expert; by default it is ``ceil(total slots / experts)`` and is raised by
    one only when an application cannot be filled otherwise.  Deterministic for a given ``seed``.
    """
    if per_application < 1:
        raise ValueError("per_application must be at least 1")
    n_exp = len(experts)
    existing = existing or {}
    expert_ids = [e.id for e in experts]
    index = _ConflictIndex(experts, rules)
    rng = random.Random(seed)
    tiebreak = list(range(n_exp))
    rng.shuffle(tiebreak)
    exp_fields = [e.fields for e in experts]
    exp_org = [e.organization_id for e in experts]

    loads = [0] * n_exp
    assigned: dict[Id, list[int]] = {}
    for a in applications:
        kept = [index.index_of[x] for x in existing.get(a.id, ()) if x in index.index_of]
        assigned[a.id] = kept
        for i in kept:
            loads[i] += 1

    all_experts = set(range(n_exp))
    eligible: dict[Id, list[int]] = {}
    for a in applications:
        eligible[a.id] = sorted(all_experts - index.conflicted(a))

    total_slots = sum(max(0, per_application - len(assigned[a.id])) for a in applications) + sum(loads)
    ceiling = capacity if capacity is not None else max(1, math.ceil(total_slots / max(1, n_exp)))
    personal = [e.capacity for e in experts]

    def cap(i: int) -> int:
        own = personal[i]
        return ceiling if own is None else min(ceiling, own)

    # Each expert's capacity under the current ceiling, kept as a list: the greedy pass reads it for every
    # candidate of every application (recomputed whenever the ceiling is raised).
    caps = [cap(i) for i in range(n_exp)]
    # The greedy order of the candidates, ``(no field match, load, tie-break)``, packed into one integer so
    # that picking the best few is a C-level comparison of ints; the tie-break is a permutation, so the key
    # names its expert.
    by_tiebreak = [0] * n_exp
    for i, t in enumerate(tiebreak):
        by_tiebreak[t] = i
    load_span = (total_slots + 1) * n_exp
    matching: dict[frozenset[str], set[int]] = {}

    def matches(fields: frozenset[str]) -> set[int]:
        found = matching.get(fields)
        if found is None:
            found = matching[fields] = {i for i in range(n_exp) if fields & exp_fields[i]}
        return found

    max_same_org = rules.max_same_organization_per_application

    def org_ok(app_experts: Iterable[int], candidate: int, dropping: int | None = None) -> bool:
        if max_same_org is None or exp_org[candidate] is None:
            return True
        same = sum(1 for j in app_experts if j != dropping and exp_org[j] == exp_org[candidate])
        return same < max_same_org

    order = sorted(applications, key=lambda a: (len(eligible[a.id]), str(a.id)))
    holders: dict[int, set[Id]] = defaultdict(set)  # expert -> applications it is assigned to
    for app_id, lst in assigned.items():
        for i in lst:
            holders[i].add(app_id)

    def give(app_id: Id, i: int) -> None:
        assigned[app_id].append(i)
        holders[i].add(app_id)
        loads[i] += 1

    def augment(app_id: Id) -> bool:
        """Find app -> expert(full) -> app' -> ... -> expert(spare) and apply it."""
        start = assigned[app_id]
        parent: dict[
            int, tuple[Id, int | None]
        ] = {}  # expert -> (application that takes it, expert it frees)
        queue: deque[int] = deque()
        seen_apps: set[Id] = {app_id}  # an application appears at most once on a path
        for i in eligible[app_id]:
            if i not in start and org_ok(start, i):
                parent[i] = (app_id, None)
                queue.append(i)
        while queue:
            i = queue.popleft()
            if loads[i] < caps[i]:
                # walk back: each application on the path takes the expert after it and frees the one before
                node: int | None = i
                while node is not None:
                    taker, freed = parent[node]
                    if freed is not None:
                        assigned[taker].remove(freed)
                        holders[freed].discard(taker)
                        loads[freed] -= 1
                    give(taker, node)
                    node = freed
                return True
            for other in holders[i]:
                if other in seen_apps:
                    continue
                seen_apps.add(other)
                cur = assigned[other]
                for j in eligible[other]:
                    if j in parent or j in cur or not org_ok(cur, j, dropping=i):
                        continue
                    parent[j] = (other, i)
                    queue.append(j)
        return False

    repairs = 0
    shortfalls: dict[Id, int] = {}
    for a in order:
        cur = assigned[a.id]
        need = per_application - len(cur)
        if need <= 0:
            continue
        match = matches(a.fields)
        keys = [
            ((i not in match) * load_span + loads[i] * n_exp) + tiebreak[i]
            for i in eligible[a.id]
            if loads[i] < caps[i] and i not in cur
        ]
        # The best ``need`` candidates in greedy order; a few more in case the organization rule skips
        # some, and the whole order only when even those run out (the same picks as sorting them all).
        head = heapq.nsmallest(need + 4, keys)
        ordered = head if len(head) == len(keys) else None
        taken = 0
        for key in head:
            if need == 0:
                break
            taken += 1
            i = by_tiebreak[key % n_exp]
            if org_ok(cur, i):
                give(a.id, i)
                need -= 1
        if need > 0 and ordered is None:
            for key in sorted(keys)[taken:]:
                if need == 0:
                    break
                i = by_tiebreak[key % n_exp]
                if org_ok(cur, i):
                    give(a.id, i)
                    need -= 1
        while need > 0:
            if augment(a.id):
                repairs += 1
                need -= 1
                continue
            # no augmenting path under this ceiling: raise it if some eligible expert is not yet used
            free = [i for i in eligible[a.id] if i not in assigned[a.id] and org_ok(assigned[a.id], i)]
            raisable = [i for i in free if (own := personal[i]) is None or loads[i] < own]
            if capacity is None and raisable:
                ceiling += 1
                caps = [cap(i) for i in range(n_exp)]
                continue
            shortfalls[a.id] = need
            break

    return AssignmentResult(
        assignments={app_id: [expert_ids[i] for i in lst] for app_id, lst in assigned.items()},
        loads={expert_ids[i]: loads[i] for i in range(n_exp)},
        shortfalls=shortfalls,
        eligible_counts={app_id: len(v) for app_id, v in eligible.items()},
        capacity=ceiling,
        repairs=repairs,
    )


__all__ = [
    "ApplicationProfile",
    "AssignmentResult",
    "ConflictReason",
    "ConflictRules",
    "Cooperation",
    "ExpertProfile",
    "assign_experts",
    "conflict_reasons",
    "count_conflicts",
]
