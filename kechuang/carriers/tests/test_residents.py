"""Workstation residents: entry and exit as audited services with exact refusals, who may record them
(the rule as a property over the grid), the public counts and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kechuang.carriers.choices import CarrierKind, CarrierStatus, ResidentStatus
from kechuang.carriers.models import Resident
from kechuang.carriers.selectors import workstation_counts
from kechuang.carriers.services_residents import resident_enter, resident_exit
from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, StatusChange
from kechuang.registry.models import Region
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.compute import compute_one, region_refs
from kechuang.targets.metrics import parse
from tests import app_factories as af
from tests import factories as f
from tests.rule_grid import Grid, make_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


@pytest.fixture
def station(cast, grid):  # type: ignore[no-untyped-def]
    """A provincial postdoctoral workstation at 光华 (``org``), under 长春市科学技术局."""
    carrier = af.CarrierFactory(
        name="长春光华微电子博士后科研工作站",
        kind=CarrierKind.POSTDOC_WORKSTATION,
        responsible_department=grid.science,
    )
    af.CarrierHostFactory(carrier=carrier, organization=cast.org)
    return carrier


def _enter(actor, station, **over):  # type: ignore[no-untyped-def]
    values = {
        "name": "李明远",
        "identifier": "bsh202400123",
        "title": "博士后研究人员",
        "home_institution": "吉林大学",
        "field": "光电子材料",
        "project": "高功率半导体激光器封装工艺研究",
        "started_on": dt.date(2024, 9, 1),
        "planned_end": dt.date(2026, 8, 31),
    }
    values.update(over)
    return resident_enter(actor=actor, carrier=station, **values)


def test_entry_by_the_lead_hosts_admin_is_audited_and_links_the_home_institution(cast, station):
    jlu = f.OrganizationFactory(name="吉林大学", kind="university")
    resident = _enter(cast.org_admin, station)
    assert resident.status == ResidentStatus.IN_STATION
    assert resident.identifier == "BSH202400123"
    assert resident.home_institution == jlu and resident.home_institution_name == "吉林大学"
    record = AuditRecord.objects.get(action="resident.enter", target_id=str(resident.pk))
    assert record.after["name"] == "李明远"


def test_an_institution_outside_the_directory_is_kept_by_name(cast, station):
    resident = _enter(cast.org_admin, station, home_institution="中国科学院长春光学精密机械与物理研究所")
    assert resident.home_institution is None
    assert resident.home_institution_name == "中国科学院长春光学精密机械与物理研究所"


def test_entry_refusals_say_why(cast, grid, station):
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        _enter(cast.other_org_admin, station)
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        _enter(grid.user("district_officer"), station)
    with pytest.raises(ApplicationError, match=r"^请填写人员编号、在站课题。$"):
        _enter(cast.org_admin, station, identifier=" ", project="")
    with pytest.raises(ApplicationError, match=r"^进站日期不能晚于今天。$"):
        _enter(cast.org_admin, station, started_on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ApplicationError, match=r"^计划出站日期应晚于进站日期。$"):
        _enter(cast.org_admin, station, planned_end=dt.date(2024, 9, 1))
    _enter(cast.org_admin, station)
    with pytest.raises(ApplicationError, match=r"^编号为BSH202400123的人员已在本工作站在站。$"):
        _enter(grid.user("officer"), station, name="李明远")
    lab = af.CarrierFactory(kind=CarrierKind.KEY_LAB, responsible_department=grid.science)
    af.CarrierHostFactory(carrier=lab, organization=cast.org)
    with pytest.raises(ApplicationError, match=r"^只有博士后工作站、研究生工作站和院士工作站登记在站人员。$"):
        _enter(cast.org_admin, lab)
    type(station).objects.filter(pk=station.pk).update(status=CarrierStatus.REVOKED)
    station.refresh_from_db()
    with pytest.raises(ApplicationError, match=r"^该工作站已撤销，不能再办理进站。$"):
        _enter(cast.org_admin, station, identifier="BSH2")
    assert Resident.objects.count() == 1


def test_exit_moves_the_term_once_with_a_status_change_and_a_return_starts_a_new_term(cast, grid, station):
    resident = _enter(cast.org_admin, station)
    with pytest.raises(ApplicationError, match=r"^出站日期不能早于进站日期。$"):
        resident_exit(actor=cast.org_admin, resident=resident, ended_on=dt.date(2024, 8, 31))
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        resident_exit(actor=cast.other_org_admin, resident=resident, ended_on=dt.date(2026, 8, 31))
    left = resident_exit(
        actor=grid.user("officer"), resident=resident, ended_on=dt.date(2026, 8, 31), note="完成出站报告"
    )
    assert (left.status, left.ended_on, left.exit_note) == (
        ResidentStatus.LEFT,
        dt.date(2026, 8, 31),
        "完成出站报告",
    )
    change = StatusChange.objects.get(object_id=str(resident.pk), to_status="left")
    assert change.from_status == "in_station"
    assert AuditRecord.objects.filter(action="resident.exit", target_id=str(resident.pk)).exists()
    with pytest.raises(ApplicationError, match=r"^不能从“出站”变更为“出站”。$"):
        resident_exit(actor=cast.org_admin, resident=left, ended_on=dt.date(2026, 9, 1))
    again = _enter(cast.org_admin, station, started_on=dt.date(2026, 10, 1), planned_end=None)
    assert again.pk != resident.pk


def test_residents_are_seen_and_moved_by_the_lead_hosts_admins_and_the_carriers_officers(cast, grid, station):
    """Rule: a resident (a personal record) is seen and moved by the admins of the workstation's lead host
    and by the officers who may change the carrier (its department, a region subtree holding it)."""
    resident = af.ResidentFactory(carrier=station)
    for action in ("view", "manage"):
        assert grid.allowed(resident, action) == {"admin", "officer", "org_admin"}, action
    assert grid.allowed(resident, "nonsense") == {"admin"}
    partner = af.CarrierFactory(kind=CarrierKind.POSTDOC_WORKSTATION, responsible_department=grid.science)
    af.CarrierHostFactory(carrier=partner, organization=f.OrganizationFactory())
    af.CarrierHostFactory(carrier=partner, organization=cast.org, role="joint")
    assert grid.allowed(af.ResidentFactory(carrier=partner), "view") == {"admin", "officer"}


def test_public_counts_show_numbers_not_names(client, cast, station):
    resident = _enter(cast.org_admin, station)
    _enter(cast.org_admin, station, identifier="BSH2", name="赵一凡")
    resident_exit(actor=cast.org_admin, resident=resident, ended_on=dt.date(2025, 9, 1))
    counts = {c.kind: (c.stations, c.in_station, c.entered) for c in workstation_counts(user=None)}
    assert counts == {
        "postdoc_workstation": (1, 1, 2),
        "graduate_workstation": (0, 0, 0),
        "academician_workstation": (0, 0, 0),
    }
    page = client.get(reverse("carriers:workstation_list")).content.decode()
    assert "长春光华微电子博士后科研工作站" in page and "赵一凡" not in page
    detail = client.get(reverse("carriers:carrier_detail", args=[station.pk])).content.decode()
    assert "在站1人，累计进站2人次。" in detail and "进站与出站管理" not in detail
    assert client.get(reverse("carriers:residents", args=[station.pk])).status_code == 302


def test_the_residents_page_enters_and_exits(client, cast, station):
    client.force_login(cast.org_admin)
    url = reverse("carriers:residents", args=[station.pk])
    assert (
        "进站与出站管理" in client.get(reverse("carriers:carrier_detail", args=[station.pk])).content.decode()
    )
    entry = {
        "name": "王晓东",
        "identifier": "X1",
        "title": "博士后研究人员",
        "home_institution": "吉林大学",
        "field": "汽车电子",
        "project": "热管理",
        "started_on": "2025-09-01",
    }
    bad = client.post(url, {**entry, "planned_end": "2025-01-01"})
    assert bad.status_code == 400 and "计划出站日期应晚于进站日期。" in bad.content.decode()
    ok = client.post(url, entry, follow=True)
    assert "王晓东已进站。" in ok.content.decode()
    resident = Resident.objects.get(identifier="X1")
    exit_url = reverse("carriers:resident_exit", args=[resident.pk])
    assert f'action="{exit_url}"' in ok.content.decode()
    done = client.post(exit_url, {"ended_on": "2026-06-30", "version": resident.version}, follow=True)
    assert "王晓东已出站。" in done.content.decode()
    assert f'action="{exit_url}"' not in done.content.decode()
    refused = client.post(exit_url, {"ended_on": "2026-06-30", "version": resident.version + 1}, follow=True)
    assert "不能从“出站”变更为“出站”。" in refused.content.decode()


def test_workstations_and_their_researchers_feed_the_plan_catalogue(cast, station):
    """博士后工作站数 is a count of carriers of that kind; 在站博士后人数 and 进站博士后人数 count terms."""
    changchun = region_refs(list(Region.objects.filter(code="220100")))[0]
    af.ResidentFactory(
        carrier=station, started_on=dt.date(2024, 9, 1), ended_on=dt.date(2026, 3, 1), status="left"
    )
    af.ResidentFactory(carrier=station, started_on=dt.date(2025, 9, 1))
    af.ResidentFactory(carrier=station, started_on=dt.date(2026, 4, 1))
    academy = af.CarrierFactory(kind=CarrierKind.ACADEMICIAN_WORKSTATION)
    af.ResidentFactory(carrier=academy, started_on=dt.date(2026, 5, 1), title="中国工程院院士")
    catalogue = get_catalogue()
    postdoc = {"workstation_kind": "postdoc_workstation"}
    in_station = parse({"op": "count", "model": "workstation_resident", "where": postdoc}, catalogue)
    entered = parse({"op": "count", "model": "workstation_entry", "where": postdoc}, catalogue)
    stations = parse({"op": "count", "model": "carrier", "where": {"kind": "postdoc_workstation"}}, catalogue)
    on = dt.date(2026, 6, 30)
    assert compute_one(in_station, changchun, on=on) == 2
    assert compute_one(entered, changchun, on=on) == 1
    assert compute_one(stations, changchun, on=on) == 1


def test_the_workstation_words_are_translated():
    with translation.override("en"):
        assert (
            translation.gettext("在站%(now)s人，累计进站%(total)s人次。")
            == "%(now)s in station, %(total)s entries in all."
        )
        assert str(ResidentStatus.LEFT.label) == "Left"
        assert str(CarrierKind.GRADUATE_WORKSTATION.label) == "Graduate workstation"
