"""The recognition workflow table itself: every state reachable, terminal states closed, actors set."""

import itertools

from kechuang.recognition.choices import (
    REASON_REQUIRED,
    TERMINAL,
    TRANSITION_ACTORS,
    TRANSITIONS,
    Actor,
    ApplicationStatus,
)

S = ApplicationStatus


def test_every_status_has_a_row():
    assert set(TRANSITIONS) == set(S.values)


def test_targets_are_statuses():
    for targets in TRANSITIONS.values():
        assert targets <= set(S.values)


def test_terminal_states():
    assert {S.REJECTED, S.WITHDRAWN, S.REVOKED} == TERMINAL


def test_every_state_reachable_from_draft():
    seen, todo = {S.DRAFT}, [S.DRAFT]
    while todo:
        for t in TRANSITIONS[todo.pop()]:
            if t not in seen:
                seen.add(t)
                todo.append(t)
    assert seen == set(S.values)


def test_main_path():
    path = [
        S.DRAFT,
        S.SUBMITTED,
        S.FORMAL_CHECK,
        S.RETURNED,
        S.SUBMITTED,
        S.FORMAL_CHECK,
        S.EXPERT_REVIEW,
        S.DECISION,
        S.PUBLICITY,
        S.RECOGNISED,
        S.RE_EVALUATION,
        S.WARNED,
        S.RE_EVALUATION,
        S.RECOGNISED,
    ]
    for a, b in itertools.pairwise(path):
        assert b in TRANSITIONS[a], (a, b)


def test_actor_for_every_move():
    moves = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert set(TRANSITION_ACTORS) == moves
    applicant = {m for m, actor in TRANSITION_ACTORS.items() if actor == Actor.APPLICANT}
    assert applicant == {
        (S.DRAFT, S.SUBMITTED),
        (S.DRAFT, S.WITHDRAWN),
        (S.SUBMITTED, S.WITHDRAWN),
        (S.RETURNED, S.SUBMITTED),
        (S.RETURNED, S.WITHDRAWN),
    }


def test_reasons_required_only_on_real_moves():
    for a, b in REASON_REQUIRED:
        assert b in TRANSITIONS[a]
