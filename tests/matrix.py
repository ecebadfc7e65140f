"""The permission-matrix harness shared by every app (rows in tests/matrix_rows/, run by
tests/test_permission_matrix.py, which also fails for any URL pattern or API operation without a row).

A row is one operation — a URL name, its arguments built from the world (tests/world.py), a method and
a body — and the status each role must get, in the order of ``ROLES``:

    anonymous, norole, other_org, other_region, other_department, own

``own`` is the row's owner (``Row.own``: ``org_admin``, ``officer``, ``expert_user``…). The statuses
come from the rule, never from running the code: hidden and missing are the same 404 (another
organization's, region's or department's rows, and pages for a role the user does not hold); ``LOGIN``
is "sent to sign in" — a 302 to the login page for a page, 401 for the API. A row with ``effect``
also checks that the write happened for ``own`` (or ``writers``) and for no one else — a refusal
answered 302 with a message must leave no trace either (the roles run in ``ROLES`` order, ``own``
last, on one world).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

ROLES = ("anonymous", "norole", "other_org", "other_region", "other_department", "own")
ROLE_USERS = {  # role → world user (tests/world.py); ``own`` is the row's
    "anonymous": "anonymous",
    "norole": "norole",
    "other_org": "other_org_admin",
    "other_region": "district_officer",
    "other_department": "other_dept_officer",
}
LOGIN = "login"

Expect = tuple[int | str, int | str, int | str, int | str, int | str, int | str]
Build = Callable[[Any], Any]

# Common shapes (in ROLES order).
PUBLIC: Expect = (200, 200, 200, 200, 200, 200)
SIGNED_IN: Expect = (LOGIN, 200, 200, 200, 200, 200)


def only_own(status: int = 200, **others: int | str) -> Expect:
    """Anonymous → sign in; every other role → 404; ``own`` → ``status``. ``others`` overrides a role."""
    values = {
        "anonymous": LOGIN,
        "norole": 404,
        "other_org": 404,
        "other_region": 404,
        "other_department": 404,
    }
    values.update(others)
    values["own"] = status
    return tuple(values[r] for r in ROLES)  # type: ignore[return-value]


def officers_of_region(status: int = 200, **others: int | str) -> Expect:
    """Any officer whose region subtree holds the thing (whatever the department), and ``own``."""
    return only_own(status, **{"other_department": status, **others})


def department(status: int = 200, **others: int | str) -> Expect:
    """Officers of the thing's department, whatever region they serve, and ``own``."""
    return only_own(status, **{"other_region": status, **others})


def any_officer(status: int = 200, **others: int | str) -> Expect:
    """Pages for officers of any region and department (what they then see is still their own scope)."""
    return only_own(status, **{"other_region": status, "other_department": status, **others})


def _no_args(world: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Row:
    name: str  # URL name: "app:name" (pages), the bare name (API routes)
    expect: Expect
    own: str = "org_admin"
    kwargs: Build = _no_args
    method: str = "GET"
    data: Build | None = None
    query: str | Build = ""
    effect: Callable[[Any], bool] | None = None
    writers: frozenset[str] = frozenset({"own"})  # the roles whose request makes ``effect`` true
    setup: Callable[[Any], Any] | None = None  # builds what the page needs but its URL does not name
    why: str = ""  # the rule, when the statuses need explaining
    case: str = ""  # tells apart several rows of one name and method

    @property
    def id(self) -> str:
        return " ".join(p for p in (self.name, self.method, self.case) if p)


def expected(row: Row) -> dict[str, int | str]:
    return dict(zip(ROLES, row.expect, strict=True))


def run(row: Row, world: Any) -> dict[str, int | str]:
    """Request the row's URL as each role in turn; the status each got (``LOGIN`` when sent to sign in).

    With ``row.effect``: after each role, the write has happened exactly if one of ``row.writers``
    (``own`` by default) has had its turn — a refused request, even one answered 302 with a message,
    leaves no trace.
    """
    got: dict[str, int | str] = {}
    wrote: dict[str, bool] = {}
    if row.setup is not None:
        row.setup(world)
    for role in ROLES:
        user = world.user(row.own if role == "own" else ROLE_USERS[role])
        url = reverse(row.name, kwargs=row.kwargs(world))
        api = url.startswith("/api/")
        query = row.query(world) if callable(row.query) else row.query
        response = _request(row, world, user, url + (f"?{query}" if query else ""), api)
        got[role] = _status(api, response)
        if row.effect is not None:
            wrote[role] = bool(row.effect(world))
    if row.effect is not None:
        should = {r: any(w in row.writers for w in ROLES[: ROLES.index(r) + 1]) for r in ROLES}
        assert wrote == should, f"{row.id}: the write took effect after {wrote}, expected {should}"
    return got


def _request(row: Row, world: Any, user: Any, url: str, api: bool) -> Any:
    client: Any = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    data = row.data(world) if row.data else None
    method = getattr(client, row.method.lower())
    if api and row.method != "GET":
        return method(url, data or {}, format="json")
    return method(url, data) if data is not None else method(url)


def _status(api: bool, response: Any) -> int | str:
    if api and response.status_code == 401:
        return LOGIN
    location = response.get("Location", "") if response.status_code == 302 else ""
    if not api and location.startswith(reverse("accounts:login")):
        return LOGIN
    return response.status_code


HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    """A URL pattern as the matrix sees it: its name, route, and (API views) the methods it implements."""

    name: str
    route: str
    methods: tuple[str, ...]  # upper case; empty for a page (a function view: one row of any method)


def served_operations(urlconf: str = "config.urls") -> list[Operation]:
    """Every URL pattern of the project, walked through includes and namespaces."""
    from django.urls import URLPattern, URLResolver, get_resolver

    out: list[Operation] = []

    def walk(patterns: Any, prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace if p.namespace else namespace
                if namespace and p.namespace:
                    ns = f"{namespace}:{p.namespace}"
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
                cls = getattr(p.callback, "cls", None) or getattr(p.callback, "view_class", None)
                methods: tuple[str, ...] = ()
                if cls is not None and hasattr(cls, "get_authenticators"):  # a DRF view: one row per method
                    methods = tuple(m.upper() for m in HTTP_METHODS if hasattr(cls, m))
                out.append(Operation(name=name, route=prefix + str(p.pattern), methods=methods))

    walk(get_resolver(urlconf).url_patterns, "/", None)
    return out


def rows_by_operation(rows: list[Row]) -> Mapping[tuple[str, str], list[Row]]:
    out: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        out.setdefault((row.name, row.method), []).append(row)
    return out
