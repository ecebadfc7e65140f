"""Schemathesis against the OpenAPI schema, in-process, as an officer and as an enterprise (issue 10)."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode

from tests.fixtures import build_cast
from tests.matrix import rows_by_operation
from tests.matrix_rows import ALL as MATRIX_ROWS
from tests.world import World

SEED = 20261205
MAX_EXAMPLES = int(os.environ.get("KECHUANG_FUZZ_EXAMPLES", "10"))


def _config(*, coverage: bool) -> schemathesis.Config:
    """The run's configuration: the examples and fuzzing phases, or the coverage phase alone."""
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # No example database: a run replays from the seed alone, whatever an earlier run stored.
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "mode": "all",
                "deterministic": True,
                "database": "none",
            },
            "checks": {
                "enabled": True,
                # A schema cannot state business rules (credentials, USCC check digits, a region code that
                # exists, a cursor the server issued, a workflow's current state): the services refuse such
                # schema-valid requests with 400 and a message. See docs/security.md.
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "3xx", 400, 401, 403, 404, 409, 429, "5xx"]
                },
            },
            "phases": {
                "examples": {"enabled": not coverage},
                "coverage": {"enabled": coverage},
                "fuzzing": {"enabled": not coverage},
                "stateful": {"enabled": False},
            },
        }
    )


def _raw_schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


RAW_SCHEMA = _raw_schema()
# Examples and fuzzing: every operation as each role. Coverage (boundary and invalid values of every
# parameter, ~95 % of the requests): every operation once, as the role that reaches it (COVERAGE_ROLES).
schema = schemathesis.openapi.from_dict(copy.deepcopy(RAW_SCHEMA), config=_config(coverage=False))
schema.app = WSGIHandler()  # type: ignore[attr-defined]
coverage_schema = schemathesis.openapi.from_dict(copy.deepcopy(RAW_SCHEMA), config=_config(coverage=True))
coverage_schema.app = WSGIHandler()  # type: ignore[attr-defined]

ROLES = ("officer", "enterprise")
# The permission matrix's owner of an operation (tests/matrix_rows) → the fuzz role that is that user:
# ``officer`` is the cast's officer, ``enterprise`` the cast's org_admin (an admin, hence a member, of ``org``).
FUZZ_ROLE_OF_OWNER = {"officer": "officer", "org_admin": "enterprise", "org_member": "enterprise"}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _url_name(path: str, parameters: dict[str, Any]) -> str | None:
    """The URL name (namespaced) of an OpenAPI path, found by resolving it with a value for each parameter
    (an enumerated parameter's first value, else 1)."""

    def value(match: re.Match[str]) -> str:
        enum = parameters.get(match.group(1), {}).get("schema", {}).get("enum")
        return str(enum[0]) if enum else "1"

    try:
        match = resolve(re.sub(r"\{(\w+)\}", value, path))
    except Resolver404:
        return None
    return match.view_name


def coverage_roles(raw: dict[str, Any]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(METHOD, path) → the roles the coverage phase runs as: the fuzz role that owns the operation in the
    permission matrix (every row of the operation counted); both when a row's owner is neither (an
    operation only a platform admin, an expert, an agency… may use: both roles are refused alike).
    An operation without a matrix row gets no entry (test_every_operation_has_a_coverage_role fails)."""
    by_operation = rows_by_operation(MATRIX_ROWS)
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for path, item in raw["paths"].items():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            parameters = {
                p["name"]: p for p in [*item.get("parameters", []), *item[method].get("parameters", [])]
            }
            name = _url_name(path, parameters)
            rows = by_operation.get((name or "", method.upper()), [])
            if not rows:
                continue
            owners = {FUZZ_ROLE_OF_OWNER.get(row.own) for row in rows}
            out[(method.upper(), path)] = ROLES if None in owners else tuple(r for r in ROLES if r in owners)
    return out


COVERAGE_ROLES = coverage_roles(RAW_SCHEMA)

# Each test also runs in pytest-django's transaction (a savepoint inside the module's): it is what makes
# pytest-django create the test database at all.
pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


# Real ids for the path parameters: each operation is exercised on an object of the world (the officer's
# or the enterprise's, whichever the path names), so that the fuzzer reaches the code behind the 404.
def _params(world: World) -> dict[str, Callable[[], dict[str, Any]]]:
    c = world.cast
    org = lambda: {"id": c.org.pk}  # noqa: E731
    return {
        "/api/v1/carriers/{id}/": lambda: {"id": world.carrier.pk},
        "/api/v1/carriers/organizations/{id}/ladder/": org,
        "/api/v1/industries/{code}/": lambda: {"code": "C39"},
        "/api/v1/industries/{code}/children/": lambda: {"code": "C"},
        "/api/v1/market/achievements/{id}/": lambda: {"id": world.achievement.pk},
        "/api/v1/market/achievements/{id}/{action}/": lambda: {"id": world.achievement.pk},
        "/api/v1/market/achievements/{id}/suggestions/": lambda: {"id": world.achievement.pk},
        "/api/v1/market/contacts/{id}/messages/": lambda: {"id": world.contact.pk},
        "/api/v1/market/contacts/{id}/respond/": lambda: {"id": world.contact.pk},
        "/api/v1/market/demands/{id}/": lambda: {"id": world.demand.pk},
        "/api/v1/market/demands/{id}/suggestions/": lambda: {"id": world.demand.pk},
        "/api/v1/market/events/{id}/": lambda: {"id": world.event.pk},
        "/api/v1/market/events/{id}/items/": lambda: {"id": world.event.pk},
        "/api/v1/market/events/{id}/outcomes/": lambda: {"id": world.event.pk},
        "/api/v1/market/events/{id}/publish/": lambda: {"id": world.new_draft_event().pk},
        "/api/v1/market/events/{id}/registrations/": lambda: {"id": world.third_event.pk},
        "/api/v1/market/events/{id}/registrations/{org}/": lambda: {
            "id": world.registration.event.pk,
            "org": c.org.pk,
        },
        "/api/v1/market/saved-searches/{id}/": lambda: {"id": world.saved_search.pk},
        "/api/v1/organizations/{id}/": org,
        "/api/v1/organizations/{id}/designations/": org,
        "/api/v1/organizations/{id}/reject/": lambda: {"id": world.pending_org.pk},
        "/api/v1/organizations/{id}/verify/": lambda: {"id": world.pending_org.pk},
        "/api/v1/organizations/{id}/statistics/": org,
        "/api/v1/organizations/{id}/statistics/{year}/": lambda: {"id": c.org.pk, "year": 2025},
        "/api/v1/parks/{id}/": lambda: {"id": world.park.pk},
        "/api/v1/parks/{id}/members/": lambda: {"id": world.park.pk},
        "/api/v1/policies/claims/{id}/": lambda: {"id": world.claim.pk},
        "/api/v1/policies/claims/{id}/actions/": lambda: {"id": world.submitted_claim.pk},
        "/api/v1/policies/claims/{id}/disbursements/": lambda: {"id": world.approved_claim.pk},
        "/api/v1/policies/measures/{id}/": lambda: {"id": world.measure.pk},
        "/api/v1/policies/measures/{id}/auto-claims/": lambda: {"id": world.automatic_measure.pk},
        "/api/v1/policies/measures/{id}/explain/": lambda: {"id": world.rule_version.measure.pk},
        "/api/v1/policies/measures/{id}/push/": lambda: {"id": world.rule_version.measure.pk},
        "/api/v1/policies/measures/{id}/qualified/": lambda: {"id": world.rule_version.measure.pk},
        "/api/v1/policies/measures/{id}/what-if/": lambda: {"id": world.rule_version.measure.pk},
        "/api/v1/policies/organizations/{id}/overview/": org,
        "/api/v1/programs/applications/{id}/": lambda: {"id": world.program_application.pk},
        "/api/v1/programs/applications/{id}/submit/": lambda: {"id": world.program_application.pk},
        "/api/v1/programs/applications/{id}/transition/": lambda: {
            "id": world.program_submitted_application.pk
        },
        "/api/v1/programs/calls/{id}/": lambda: {"id": world.program_call.pk},
        "/api/v1/quality/complaints/{id}/transition/": lambda: {"id": world.assigned_complaint.pk},
        "/api/v1/quality/organizations/{id}/credit/": org,
        "/api/v1/quality/organizations/{id}/patents/": org,
        "/api/v1/recognition/applications/{id}/": lambda: {"id": world.application.pk},
        "/api/v1/recognition/applications/{id}/transition/": lambda: {"id": world.application.pk},
        "/api/v1/recognition/verify/{code}/": lambda: {
            "code": world.recognised_application.certificate.verification_code
        },
        "/api/v1/regions/{code}/": lambda: {"code": "220100"},
        "/api/v1/regions/{code}/children/": lambda: {"code": "220100"},
        "/api/v1/resources/bookings/{id}/transitions/": lambda: {"id": world.booking.pk},
        "/api/v1/resources/redemptions/{id}/transitions/": lambda: {"id": world.redemption.pk},
        "/api/v1/resources/vouchers/{id}/redemptions/": lambda: {"id": world.voucher.pk},
        "/api/v1/review/assignments/{id}/scores/": lambda: {"id": world.assignment.pk},
        "/api/v1/targets/plans/{id}/dashboard/": lambda: {"id": world.plan.pk},
        "/api/v1/targets/plans/{id}/indicators/": lambda: {"id": world.plan.pk},
        "/api/v1/targets/reports/{id}/review/": lambda: {"id": world.report.pk},
    }


class FuzzWorld:
    def __init__(self, world: World) -> None:
        self.world = world
        self.tokens = {
            "officer": Token.objects.create(user=world.cast.officer).key,
            "enterprise": Token.objects.create(user=world.cast.org_admin).key,
        }
        self.params = {path: make() for path, make in _params(world).items()}
        self.calls = 0


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[FuzzWorld]:  # type: ignore[no-untyped-def]
    """The world, built once for the module in a transaction rolled back at the end; each example runs in
    a savepoint of its own (rolled back), so examples are independent and replayable."""
    from django.test import override_settings

    tmp = tmp_path_factory.mktemp("fuzz")
    # Django's WSGI handler closes a connection that is not in autocommit at each request's start and end
    # (close_old_connections); the test client disconnects it, and so does this run.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with (
        override_settings(
            MEDIA_ROOT=tmp / "media",
            MATCHING_INDEX_DIR=tmp / "matching",
            KECHUANG_IMPORT_DIR=tmp / "imports",
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        fuzz = FuzzWorld(World(build_cast()))
        yield fuzz
        transaction.set_rollback(True)
    if os.environ.get("KECHUANG_FUZZ_STATS"):  # a file to append "<worker> <requests sent>" to (figures)
        with open(os.environ["KECHUANG_FUZZ_STATS"], "a") as out:
            out.write(f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')} {fuzz.calls}\n")
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _send(case: Any, role: str, fuzz_world: FuzzWorld) -> None:
    path_mode = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    real = fuzz_world.params.get(case.path)
    if real and (path_mode is None or path_mode.mode == GenerationMode.POSITIVE):
        case.path_parameters = {**(case.path_parameters or {}), **real}
    fuzz_world.calls += 1
    with transaction.atomic():
        try:
            case.call_and_validate(headers={"Authorization": f"Token {fuzz_world.tokens[role]}"})
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
def test_api_fuzz(case: Any, role: str, fuzz_world: FuzzWorld) -> None:
    """The schema's examples and the fuzzing phase, as each role."""
    _send(case, role, fuzz_world)


@coverage_schema.parametrize()
def test_api_fuzz_coverage(case: Any, fuzz_world: FuzzWorld) -> None:
    """The coverage phase, as the role(s) that own the operation in the permission matrix."""
    roles = COVERAGE_ROLES.get((case.operation.method.upper(), case.operation.path))
    assert roles, (
        f"{case.operation.method} {case.operation.path}: no permission-matrix row (tests/matrix_rows/)"
    )
    for role in roles:
        _send(case, role, fuzz_world)


def test_every_operation_has_a_coverage_role() -> None:
    """Every operation of the schema is mapped to its owner through the permission matrix; the mapping
    is the rule written in FUZZ_ROLE_OF_OWNER, checked here on operations whose owner is known."""
    operations = [
        (m.upper(), p) for p, item in RAW_SCHEMA["paths"].items() for m in HTTP_METHODS if m in item
    ]
    assert sorted(set(operations) - set(COVERAGE_ROLES)) == []
    assert COVERAGE_ROLES[("GET", "/api/v1/experts/")] == ("officer",)  # officers' pool
    assert COVERAGE_ROLES[("POST", "/api/v1/market/achievements/")] == ("enterprise",)  # members publish
    assert COVERAGE_ROLES[("GET", "/api/v1/policies/claims/{id}/")] == ("enterprise",)  # an org_member row
    assert COVERAGE_ROLES[("GET", "/api/v1/programs/projects/{id}/")] == ROLES  # org_member and officer rows
    assert COVERAGE_ROLES[("POST", "/api/v1/review/assignments/{id}/scores/")] == ROLES  # the expert's
