"""The public achievement list counts what is published and pages through all of it."""

from __future__ import annotations

import pytest

from kechuang.market.choices import AchievementStatus
from tests import app_factories as af
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def test_public_achievements_are_counted_and_paged(cast):
    owner = af.AchievementFactory(status=AchievementStatus.PUBLISHED).owner
    for _ in range(59):
        af.AchievementFactory(owner=owner, status=AchievementStatus.PUBLISHED)
    first = text(client_for(None).get("/market/achievements/"))
    assert "共 60 项已发布的成果，第 1 / 2 页" in first and "?page=2" in first
    assert first.count("/market/achievements/") >= 50
    second = client_for(None).get("/market/achievements/?page=2")
    assert len(second.context["results"]) == 10 and "上一页" in text(second)


def test_filters_are_pickers_and_readiness_in_sentences_and_narrow_the_list(cast):
    """行业 and 地区 are the pickers (a chosen code, or a typed name), 成熟程度 the nine sentences; each
    narrows the published list, the boxes show names, not codes."""
    from kechuang.registry.models import Industry, Region

    changchun = Region.objects.get(code="220102")
    jilin_city = Region.objects.get(code="220202")
    optics = Industry.objects.filter(level="division").order_by("code").first()
    other = (
        Industry.objects.filter(level="division")
        .exclude(code_with_section__startswith=optics.code_with_section[0])
        .first()
    )
    here = af.AchievementFactory(status=AchievementStatus.PUBLISHED, trl=7, field=optics)
    here.owner.region, here.owner.region_path = changchun, changchun.path
    here.owner.save(update_fields=["region", "region_path"])
    elsewhere = af.AchievementFactory(status=AchievementStatus.PUBLISHED, trl=3, field=other)
    elsewhere.owner.region, elsewhere.owner.region_path = jilin_city, jilin_city.path
    elsewhere.owner.save(update_fields=["region", "region_path"])
    client = client_for(None)
    html = client.get("/market/achievements/").content.decode()
    assert 'data_picker="industry"' in html and 'data_picker="region"' in html
    assert (
        "7级：样机或系统在实际使用环境中演示成功" in html
        and "行业代码" not in html
        and "地区代码" not in html
    )

    def listed(**params):  # type: ignore[no-untyped-def]
        response = client.get("/market/achievements/", params)
        return {a.pk for a, _reasons in response.context["results"]}, response

    assert listed(region="220100")[0] == {here.pk}
    found, response = listed(region="南关区")
    assert found == {here.pk} and response.context["filter_form"]["region"].value() == changchun.full_name
    found, response = listed(industry=optics.code_with_section)
    assert found == {here.pk} and response.context["filter_form"]["industry"].value() == optics.name
    assert listed(trl_min="6")[0] == {here.pk}
    assert listed(trl_min="2")[0] == {here.pk, elsewhere.pk}
    found, response = listed(region="没有这个地方")
    assert found == set() and "找不到地区“没有这个地方”" in text(response)


@pytest.mark.parametrize("url", ["/market/achievements/", "/market/demands/"])
def test_a_query_in_latin_letters_that_finds_nothing_suggests_chinese_keywords(db, url):
    """The texts are Chinese; English reaches them only through the dictionary. An English query that finds
    nothing says so in Chinese, with Chinese keywords to try (links that search them)."""
    from urllib.parse import quote

    from kechuang.market.selectors.matching import CHINESE_EXAMPLES

    client = client_for(None)
    body = text(client.get(url, {"q": "quantum gravity telescope"}))
    assert "都是用中文写的" in body and "请改用中文关键词" in body
    for word in CHINESE_EXAMPLES:
        assert f'href="?q={quote(word)}"' in body
    # a Chinese query that finds nothing, or no query at all: no such hint
    assert "请改用中文关键词" not in text(client.get(url, {"q": "量子引力波望远镜"}))
    assert "请改用中文关键词" not in text(client.get(url))


def test_is_latin_query():
    from kechuang.core.text import is_latin_query

    assert is_latin_query("lithium battery") and is_latin_query("PLC") and is_latin_query("Ｌｉ-ion")
    assert not is_latin_query("锂电池 battery") and not is_latin_query("2026") and not is_latin_query("")


def test_the_suggested_keywords_are_written_in_the_demo_abstracts():
    import gzip
    import json

    from kechuang.market.csl import BUNDLED_CSL
    from kechuang.market.selectors.matching import CHINESE_EXAMPLES

    with gzip.open(BUNDLED_CSL, "rt", encoding="utf-8") as fh:
        texts = [(r["title"] + r["abstract"]) for r in map(json.loads, fh)]
    for word in CHINESE_EXAMPLES:
        assert sum(word in t for t in texts) >= 3, word
