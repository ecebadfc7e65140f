"""Shared pieces of the registry tests: API URLs and exact messages, the roles of the ``cast`` fixture, who
may see what, a write fingerprint, and the organization form as a page posts it."""

from __future__ import annotations

from kechuang.core.models import AuditRecord
from kechuang.registry.models import Designation, Industry, Organization, Region, YearlyStatistics
from tests import factories as f

LIST = "/api/v1/organizations/"
NOT_FOUND = "对象不存在或无权访问。"
NOT_AUTHENTICATED = "身份认证信息未提供。"
FORBIDDEN_ORG = "您无权对该主体执行此操作。"

# Every role of the ``cast`` fixture (tests/fixtures.py), for page and endpoint matrices.
ROLES = (
    "anonymous",
    "norole",
    "org_member",
    "org_admin",
    "other_org_admin",
    "officer",
    "other_officer",
    "admin",
)

# Who may not even see the organization: anonymous users are asked to sign in, the others get a 404.
HIDDEN = {"anonymous": 401, "norole": 404, "other_org_admin": 404, "other_officer": 404}


def matrix(**allowed: int) -> list[tuple[str, int]]:
    """(role, expected status) rows of an organization endpoint: :data:`HIDDEN`, then ``allowed``."""
    return [*HIDDEN.items(), *allowed.items()]


def item(org: Organization) -> str:
    return f"{LIST}{org.pk}/"


def ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def who(cast, name):  # type: ignore[no-untyped-def]
    return None if name == "anonymous" else getattr(cast, name)


def writes(cast) -> int:  # type: ignore[no-untyped-def]
    """Fingerprint of everything the registry endpoints could write."""
    return (
        Organization.objects.count()
        + YearlyStatistics.objects.count()
        + Designation.objects.count()
        + AuditRecord.objects.exclude(action__startswith="security.").count()  # refusals are events
    )


def bulk_orgs(n: int) -> None:
    """``n`` organizations in 南关区 (every other one in C33), without factories: for query-count tests."""
    region = Region.objects.get(code="220102")
    industry = Industry.objects.get(code="33")
    Organization.objects.bulk_create(
        Organization(
            uscc=f.make_uscc(500_000 + i),
            name=f"批量测试企业{i}",
            kind="enterprise",
            region=region,
            region_path=region.path,
            industry=industry if i % 2 else None,
            search_text=f"批量测试企业{i}",
        )
        for i in range(n)
    )


def org_form(org: Organization, **changes: str) -> dict[str, str]:
    """The organization edit form as the page posts it: every field, the stored identity, ``changes``."""
    data = {
        "name": org.name,
        "uscc": org.uscc,
        "kind": org.kind,
        "region": org.region_id,
        "industry": "",
        "size": "",
        "founded_on": "",
        "registered_capital": "",
        "legal_representative": "",
        "address": "",
        "contact_person": "",
        "contact_phone": "",
        "website": "",
        "description": "",
    }
    data.update(changes)
    return data
