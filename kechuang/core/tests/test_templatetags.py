import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from kechuang.core.templatetags.kechuang import (
    cn_date,
    cn_datetime,
    percent_of,
    region_path,
    wan,
    wan_num,
    yuan,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12345600"), "1,234.56万元"),
        (12345600, "1,234.56万元"),
        ("50000", "5.00万元"),
        (Decimal("0"), "0.00万元"),
        (Decimal("123456789012.34"), "12,345,678.90万元"),
        (None, ""),
        ("", ""),
        ("abc", ""),
    ],
)
def test_wan(value, expected):
    with translation.override("zh-hans"):
        assert wan(value) == expected


def test_wan_in_english_spaces_the_unit():
    with translation.override("en"):
        assert wan(Decimal("12345600")) == "1,234.56 ×10,000 yuan"
        assert yuan(Decimal("12345.6")) == "12,345.60 yuan"


def test_yuan_and_wan_num_and_percent():
    with translation.override("zh-hans"):
        assert yuan(Decimal("12345.6")) == "12,345.60元"
        assert yuan(None) == ""
    assert wan_num(Decimal("25000000")) == "2,500.00"
    assert percent_of(Decimal("2500000"), Decimal("50000000")) == "5.00%"
    assert percent_of(1, 0) == "" and percent_of(None, 5) == ""


def test_cn_date():
    with translation.override("zh-hans"):
        assert cn_date(dt.date(2026, 11, 26)) == "2026年11月26日"
        assert cn_date(dt.date(2026, 1, 5)) == "2026年1月5日"
        assert cn_date(None) == ""
        # 2026-11-25 17:30 UTC is 2026-11-26 01:30 in Asia/Shanghai.
        assert cn_date(dt.datetime(2026, 11, 25, 17, 30, tzinfo=dt.UTC)) == "2026年11月26日"
        assert cn_datetime(dt.datetime(2026, 11, 25, 17, 30, tzinfo=dt.UTC)) == "2026年11月26日 01:30"
    with translation.override("en"):
        assert cn_date(dt.date(2026, 1, 5)) == "5 Jan 2026"


def test_region_path_walks_parents():
    province = SimpleNamespace(name="吉林省", parent=None, parent_id=None)
    city = SimpleNamespace(name="长春市", parent=province, parent_id="220000")
    district = SimpleNamespace(name="南关区", parent=city, parent_id="220100")
    assert region_path(district) == "吉林省 / 长春市 / 南关区"
    assert region_path(province) == "吉林省"
    assert region_path(None) == ""


def test_export_link_renders_only_when_the_url_exists():
    request = RequestFactory().get("/registry/organizations/?q=光华&after=12")
    template = Template('{% load kechuang %}[{% export_link "registry:no_such_export" %}]')
    assert template.render(Context({"request": request})) == "[]"
    template = Template('{% load kechuang %}{% export_link "registry:organization_list" %}')
    html = template.render(Context({"request": request}))
    assert 'href="/registry/organizations/?q=%E5%85%89%E5%8D%8E"' in html  # cursor dropped, filters kept


def test_query_with_replaces_and_removes():
    request = RequestFactory().get("/x/?q=a&after=5&size=20")
    out = Template('{% load kechuang %}{% query_with after=9 size="" %}').render(
        Context({"request": request})
    )
    assert out == "?q=a&amp;after=9"


def test_panels_tag_renders_what_other_apps_register_for_a_slot():
    from django.template import Context, Template
    from django.utils.html import format_html

    from kechuang.core.panels import _PANELS, register_panel

    def badge(obj):
        return format_html("<b>{}</b>", obj)

    register_panel("test.slot", badge)
    register_panel("test.slot", badge)  # a second ready() does not repeat it
    register_panel("test.slot", lambda obj: "<i>raw</i>")  # a plain string is escaped
    try:
        out = Template('{% load kechuang %}{% panels "test.slot" x %}|{% panels "test.empty" x %}').render(
            Context({"x": "A&B"})
        )
    finally:
        _PANELS.pop("test.slot")
    assert out == "<b>A&amp;B</b>&lt;i&gt;raw&lt;/i&gt;|"
