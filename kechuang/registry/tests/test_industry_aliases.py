"""Search words of the industry picker (光电, 芯片, 新能源 …): a data file we wrote, mapping what people type to
the GB/T 4754 divisions firms of that kind are classified in (issue 14: the sign-up picker found nothing
for 光电, the shipped table having division names only)."""

from __future__ import annotations

import csv

import pytest
from django.urls import reverse

from kechuang.registry import industry_aliases
from kechuang.registry.reference import INDUSTRY_DIVISIONS_CSV
from tests.api import client_for

pytestmark = pytest.mark.django_db


def _body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_the_file_says_who_wrote_it_and_names_only_divisions_of_the_standard():
    head = industry_aliases.ALIASES_CSV.read_text(encoding="utf-8").splitlines()[:8]
    assert head[0].startswith("#") and any("Written by the Kechuang" in line for line in head)
    with INDUSTRY_DIVISIONS_CSV.open(encoding="utf-8") as fh:
        divisions = {r["code"] for r in csv.DictReader(fh) if r["level"] == "division"}
    table = industry_aliases.read_aliases()
    assert len(table) >= 50
    assert {code for codes in table.values() for code in codes} <= divisions
    for word in ("光电", "芯片", "新能源", "锂电", "医药", "软件", "人工智能", "新材料", "汽车"):
        assert table[word], word


def test_words_lead_to_divisions_as_typed_and_inside_longer_text():
    table = {"光电": ("39", "40"), "光电子": ("39",), "芯片": ("39", "65")}
    assert industry_aliases.divisions_for("光电", table) == {"39": ["光电", "光电子"], "40": ["光电"]}
    assert industry_aliases.divisions_for("光电子器件", table) == {"39": ["光电", "光电子"], "40": ["光电"]}
    assert industry_aliases.divisions_for("芯", table) == {}  # one character: would offer half the table
    assert industry_aliases.divisions_for("gd", table) == {}  # pinyin initials are the names' business
    assert industry_aliases.divisions_for("光電", table)["40"] == ["光电"]  # Traditional input


def test_the_api_offers_the_divisions_with_the_word_that_led_there(cast):
    rows = client_for(cast.norole).get("/api/v1/industries/", {"q": "光电"}).json()
    by_code = {r["code"]: r for r in rows}
    assert {"39", "40"} <= set(by_code)
    assert by_code["39"]["name"] == "计算机、通信和其他电子设备制造业"
    assert "光电" in by_code["39"]["matched_aliases"] and by_code["40"]["matched_aliases"] == ["光电"]


def test_names_come_first_and_carry_no_word(cast):
    c = client_for(cast.norole)
    rows = c.get("/api/v1/industries/", {"q": "汽车"}).json()
    assert rows[0]["code"] == "36" and rows[0]["matched_aliases"] == []  # 汽车制造业, by its name
    assert [r["code"] for r in rows if r["matched_aliases"]] == ["52", "81"]  # car sales, car repair
    detail = c.get("/api/v1/industries/C39/").json()
    assert detail["matched_aliases"] == []


def test_the_picker_shows_the_reason():
    body = _body(client_for(None).get(reverse("registry:industry_search"), {"q": "光电"}))
    assert 'data-value="C39"' in body and 'data-value="C40"' in body
    assert "（含：光电" in body
    body = _body(client_for(None).get(reverse("registry:industry_search"), {"q": "芯片"}))
    assert 'data-value="C39"' in body and 'data-value="I65"' in body
    body = _body(client_for(None).get(reverse("registry:industry_search"), {"q": "计算机"}))
    assert 'data-value="C39"' in body and "含：" not in body
