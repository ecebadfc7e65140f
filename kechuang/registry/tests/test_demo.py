"""The registry demo loader: valid data, one user per role, audited, and a second run changes nothing."""

from __future__ import annotations

import io
import itertools
import random

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from stdnum.cn import uscc as stdnum_uscc

from kechuang.accounts.models import User
from kechuang.core.audit import audit_verify
from kechuang.core.models import AuditRecord
from kechuang.registry import demo
from kechuang.registry.models import (
    Department,
    Designation,
    Membership,
    OfficerAssignment,
    Organization,
    Park,
    ParkMembership,
    YearlyStatistics,
)
from kechuang.registry.selectors import organization_list, user_is_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():  # type: ignore[no-untyped-def]
    out = io.StringIO()
    demo.load(stdout=out, rng=random.Random(7), organizations=80)
    return out.getvalue()


def test_organization_code_check_character_matches_real_codes():
    # The organization codes inside two real USCCs (python-stdnum's examples).
    assert demo.organization_code("60003734") == "600037341"
    assert demo.organization_code("MA2PBM9H") == "MA2PBM9HX"


def test_demo_rows_are_valid_and_in_jilin(loaded):  # type: ignore[no-untyped-def]
    orgs = list(Organization.objects.all())
    generated = [o for o in orgs if o.kind in ("enterprise", "intermediary")]
    assert len(generated) == 80
    assert len({o.uscc for o in orgs}) == len(orgs)
    for org in orgs:
        assert stdnum_uscc.is_valid(org.uscc), org.uscc
        assert org.region_path.startswith("220000/") and org.region_path == org.region.path
        assert org.uscc[2:8] == org.region_id
        org.full_clean()
    for row in YearlyStatistics.objects.all():
        row.full_clean()
        assert 2013 <= row.year <= 2025  # 2021–2025, and the seed plan's period before (HISTORY_YEARS)
        assert row.organization.founded_on.year <= row.year
        assert row.rd_staff <= row.employees
    for designation in Designation.objects.all():
        designation.full_clean()
    assert Park.objects.filter(name="长春高新技术产业开发区", region_id="220104").exists()
    assert Department.objects.filter(region_id="220000", kind="science", name="吉林省科学技术厅").exists()
    assert Department.objects.filter(region_id="220100", kind="science", name="长春市科学技术局").exists()


def test_anchor_enterprise_is_a_current_high_tech_enterprise_with_history(loaded):  # type: ignore[no-untyped-def]
    anchor = Organization.objects.get(uscc=demo.ANCHOR_USCC)
    assert anchor.name == demo.ANCHOR_NAME and anchor.is_verified
    # founded 2009: every year from the seed plan's period (2013) to 2025
    assert list(anchor.statistics.order_by("year").values_list("year", flat=True)) == list(range(2013, 2026))
    current = anchor.designations.filter(kind="high_tech", valid_to__gte=demo.TODAY).get()
    assert current.certificate_no.startswith("GR2024" + "22")
    assert ParkMembership.objects.filter(organization=anchor, park__name="长春高新技术产业开发区").exists()
    latest = anchor.statistics.get(year=2025)
    assert latest.rd_expenditure / latest.revenue >= 0.04  # 高企 R&D share for revenue 5000万–2亿+ bands


def test_one_user_per_role_with_the_printed_passwords(loaded):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    demo.print_accounts(out)
    for account in demo.DEMO_USERS:
        assert f"{account.username}" in out.getvalue() and account.password in out.getvalue()
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=account.username, password=account.password) is not None
    assert User.objects.get(username="admin").is_platform_admin
    assert user_is_expert(User.objects.get(username="expert"))
    officer = OfficerAssignment.objects.get(user__username="officer")
    assert (officer.department.name, officer.region_id) == ("长春市科学技术局", "220100")
    province = OfficerAssignment.objects.get(user__username="province")
    assert (province.department.name, province.region_id) == ("吉林省科学技术厅", "220000")
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"enterprise": "admin", "member": "member", "university": "admin"}
    assert Membership.objects.get(user__username="university").organization.name == "吉林大学"


def test_officer_scope_over_the_demo(loaded):  # type: ignore[no-untyped-def]
    officer = User.objects.get(username="officer")
    province = User.objects.get(username="province")
    seen = organization_list(user=officer)
    assert seen.exists() and not seen.exclude(region_path__startswith="220000/220100/").exists()
    assert organization_list(user=province).count() > seen.count()


def test_everything_created_is_audited_and_the_chain_holds(loaded):  # type: ignore[no-untyped-def]
    checked, broken = audit_verify()
    assert broken is None and checked == AuditRecord.objects.count()
    audited = set(
        AuditRecord.objects.filter(action="organization.create").values_list("target_id", flat=True)
    )
    assert audited == {str(pk) for pk in Organization.objects.values_list("pk", flat=True)}
    assert AuditRecord.objects.filter(action="statistics.create").count() == YearlyStatistics.objects.count()
    assert AuditRecord.objects.filter(action="designation.add").count() == Designation.objects.count()


def test_second_run_skips_and_writes_nothing(loaded):  # type: ignore[no-untyped-def]
    before = (Organization.objects.count(), AuditRecord.objects.count(), User.objects.count())
    out = io.StringIO()
    demo.load(stdout=out, rng=random.Random(8), organizations=80)
    assert "already loaded; skipping" in out.getvalue()
    assert (Organization.objects.count(), AuditRecord.objects.count(), User.objects.count()) == before


def test_taken_demo_username_refuses_before_writing():
    User.objects.create_user(username="expert", password="x-Secret-2026")
    with pytest.raises(RuntimeError, match="demo usernames already in use: expert"):
        demo.load(stdout=io.StringIO(), rng=random.Random(1), organizations=10)
    assert not Organization.objects.exists() and not AuditRecord.objects.exists()


def test_same_seed_same_data():  # type: ignore[no-untyped-def]
    demo.load(stdout=io.StringIO(), rng=random.Random(3), organizations=20)
    first = sorted(Organization.objects.values_list("uscc", "name"))
    stats = sorted(YearlyStatistics.objects.values_list("organization__uscc", "year", "revenue"))
    # Empty the demo (cascade from organizations; users and audit rows go too) and load again.
    Membership.objects.all().delete()
    OfficerAssignment.objects.all().delete()
    User.objects.all().delete()
    Park.objects.all().delete()
    Department.objects.all().delete()
    Organization.objects.all().delete()
    demo.load(stdout=io.StringIO(), rng=random.Random(3), organizations=20)
    assert sorted(Organization.objects.values_list("uscc", "name")) == first
    assert sorted(YearlyStatistics.objects.values_list("organization__uscc", "year", "revenue")) == stats


def test_demo_load_command_prints_accounts_last():
    out = io.StringIO()
    # Only the registry's loader: the other apps' loaders have their own tests and take long.
    call_command("demo_load", "--organizations", "15", "--seed", "5", "--apps", "registry", stdout=out)
    text = out.getvalue()
    assert text.index("registry demo:") < text.index("Demo accounts")
    assert text.rstrip().endswith(demo.DEMO_USERS[-1].role)
    assert "loading demo data: registry" in text and "loading demo data: targets" not in text


def test_demo_load_refuses_an_unknown_app():
    with pytest.raises(CommandError, match="unknown apps: nosuchapp"):
        call_command("demo_load", "--apps", "nosuchapp", stdout=io.StringIO())


def test_history_covers_the_seed_plan_and_patents_never_fall(loaded):  # type: ignore[no-untyped-def]
    """Statistics from 2013 (the seed plan runs 2014–2020) for every firm old enough; a firm's valid
    invention patents, scaled to the plan's magnitudes, never fall from one year to the next."""
    years = set(YearlyStatistics.objects.values_list("year", flat=True))
    assert years == set(range(2013, 2026))
    by_org: dict[int, list[int]] = {}
    for org_id, count in YearlyStatistics.objects.order_by("organization_id", "year").values_list(
        "organization_id", "valid_invention_patents"
    ):
        by_org.setdefault(org_id, []).append(count or 0)
    assert all(a <= b for counts in by_org.values() for a, b in itertools.pairwise(counts))
    for firm in Organization.objects.filter(kind="enterprise", founded_on__year__lte=2013):
        if firm.statistics.filter(year=2021).exists():
            assert firm.statistics.filter(year=2013).exists(), firm.name
