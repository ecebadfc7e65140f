"""``manage.py load_reference_data`` is idempotent: a second run changes nothing, a changed row is repaired."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from kechuang.registry.models import Industry, Region
from kechuang.registry.reference import INDUSTRY_DIVISIONS_CSV, shared_data_dir

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict[str, tuple[int, int, int]]:
    out = io.StringIO()
    call_command("load_reference_data", *args, stdout=out)
    found = re.findall(
        r"(regions|industries)[^:]*: (\d+) created, (\d+) updated, (\d+) unchanged", out.getvalue()
    )
    return {name: (int(c), int(u), int(n)) for name, c, u, n in found}


def test_second_run_changes_nothing():
    _run("--industry-file", str(INDUSTRY_DIVISIONS_CSV))
    regions, industries = Region.objects.count(), Industry.objects.count()
    result = _run("--industry-file", str(INDUSTRY_DIVISIONS_CSV))
    assert result["regions"] == (0, 0, regions)
    assert result["industries"] == (0, 0, industries)
    assert (Region.objects.count(), Industry.objects.count()) == (regions, industries)
    assert regions > 3000 and Region.objects.get(code="220102").path == "220000/220100/220102/"


def test_a_damaged_row_is_repaired_and_nothing_else_moves():
    Region.objects.filter(code="220104").update(name="朝阳区（错）", pinyin_initials="x")
    Industry.objects.filter(code="65").update(name="错")
    result = _run("--industry-file", str(INDUSTRY_DIVISIONS_CSV))
    assert result["regions"][:2] == (0, 1)
    assert result["industries"][:2] == (0, 1)
    assert Region.objects.get(code="220104").name == "朝阳区"
    assert Region.objects.get(code="220104").pinyin_initials == "cyq"
    assert Industry.objects.get(code="65").name == "软件和信息技术服务业"


@pytest.mark.shared_data
@pytest.mark.skipif(shared_data_dir() is None, reason="../shared/data is not present")
def test_full_industry_table_loads_classes_once():
    full = shared_data_dir() / "industry" / "gbt4754_2017.csv"  # type: ignore[operator]
    first = _run("--industry-file", str(full))
    assert first["industries"][0] > 1000  # groups and classes added to the shipped sections/divisions
    assert Industry.objects.get(code="3976").path == "C/39/397/3976/"
    again = _run("--industry-file", str(full))
    assert again["industries"] == (0, 0, Industry.objects.count())
