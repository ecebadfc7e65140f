"""A grid of users for testing the apps' permission rules as properties (issue 19).

Every officer condition is varied on its own: an officer of the row's department *and* region subtree
(``officer``, 长春市科学技术局, 220100), of the same department but another region (``district_officer``:
长春市科学技术局 serving 朝阳区 220104 only, so rows of 南关区 220102 are outside), of the same region but
another department (``other_dept_officer``: 长春市工业和信息化局, 220100), of another region and department
(``other_officer``: 吉林市, 220200) and of the province above (``province_officer``: 吉林省科学技术厅,
220000). Organizations: ``org`` (南关区) with its admin and plain member, ``other_org`` with its admin.
Besides: the platform ``admin``, a signed-in user with no role (``norole``) and an ``anonymous`` visitor.

``allowed(row, action)`` answers, for every user of the grid, whether ``restrict()`` keeps the row; a test
compares it with the set of users the rule (written in the test) lets through.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models

from kechuang.core.permissions import restrict
from kechuang.registry.choices import DepartmentKind
from kechuang.registry.models import Region
from tests import factories as f
from tests.world import World

USERS = (
    "admin",
    "officer",
    "district_officer",
    "other_dept_officer",
    "other_officer",
    "province_officer",
    "org_admin",
    "org_member",
    "other_org_admin",
    "norole",
    "anonymous",
)
OFFICERS = frozenset(
    {"officer", "district_officer", "other_dept_officer", "other_officer", "province_officer"}
)


class Grid(World):
    @cached_property
    def province_officer(self) -> Any:
        province = f.DepartmentFactory(region=Region.objects.get(code="220000"), name="吉林省科学技术厅")
        return f.OfficerFactory(user__username="province_officer", department=province).user

    @cached_property
    def other_dept(self) -> Any:
        """长春市工业和信息化局: ``other_dept_officer``'s department."""
        self.other_dept_officer  # noqa: B018 (creates it)
        return f.DepartmentFactory(region=Region.objects.get(code="220100"), kind=DepartmentKind.INDUSTRY_IT)

    def user(self, name: str) -> Any:
        if name == "anonymous":
            return AnonymousUser()
        return super().user(name)

    def allowed(self, row: models.Model, action: str, *, more: tuple[str, ...] = ()) -> set[str]:
        """The grid's users (and the world's users named in ``more``) for whom ``restrict()`` keeps ``row``
        for ``action``."""
        qs = type(row)._default_manager.filter(pk=row.pk)
        return {name for name in (*USERS, *more) if restrict(qs, self.user(name), action).exists()}

    def visible(self, model: type[models.Model], name: str, action: str = "view") -> set[int]:
        """The primary keys of ``model`` that ``restrict()`` leaves to the user ``name``."""
        return set(
            restrict(model._default_manager.all(), self.user(name), action).values_list("pk", flat=True)
        )


def make_grid(cast: Any) -> Grid:
    """The grid on the standard cast (a test module's ``grid`` fixture returns it)."""
    grid = Grid(cast)
    for name in USERS:  # every user exists before any row, so no rule sees a half-built grid
        grid.user(name)
    return grid
