"""English is available: by cookie, by the language switch and by Accept-Language; every msgid of the
foundation apps has an English translation in the committed catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.pages import client_for, text

pytestmark = pytest.mark.django_db

PO = Path(settings.BASE_DIR) / "kechuang" / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
FOUNDATION = (
    "kechuang/core/",
    "kechuang/portal/",
    "kechuang/accounts/",
    "kechuang/registry/",
    "kechuang/templates/",
    "config/",
)


def _entries() -> list[tuple[str, str, str]]:
    """(references, msgid, msgstr) for each entry of the catalogue (entries are separated by blank lines)."""
    out = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(line for line in block.splitlines() if line.startswith("#:"))
        if "msgid_plural" in block or "#~" in block:
            continue
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr "(.*)"$', block, re.M)
        if msgid and msgstr:
            out.append((refs, msgid.group(1), msgstr.group(1)))
    return out


def test_every_foundation_msgid_has_an_english_translation():
    entries = [e for e in _entries() if e[1] and any(p in e[0] for p in FOUNDATION)]
    assert len(entries) > 300
    missing = [msgid for refs, msgid, msgstr in entries if not msgstr]
    assert missing == []
    fuzzy = [line for line in PO.read_text(encoding="utf-8").splitlines() if line.startswith("#, fuzzy")]
    assert fuzzy == []


def test_compiled_catalogue_is_committed_and_used():
    assert MO.is_file()
    with translation.override("en"):
        assert translation.gettext("主体库") == "Organizations"
        assert (
            translation.gettext("研发人员数不能超过从业人员数。")
            == "R&D staff cannot exceed the number of employees."
        )


def test_language_cookie_renders_english(cast):
    client = client_for(cast.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = text(client.get(reverse("registry:organization_list")))
    assert '<html lang="en">' in body
    assert "<h1>Organizations</h1>" in body and "Region (including subdivisions)" in body
    assert "<h1>主体库</h1>" not in body


def test_language_switch_sets_the_cookie_and_the_next_page_is_english(cast):
    client = client_for(cast.org_admin)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("core:home")})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    body = text(client.get(reverse("core:home")))
    assert "Hello," in body and "View your organization" in body
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "查看本单位信息" in text(client.get(reverse("core:home")))


def test_accept_language_header_and_default_chinese(db):
    assert "Register an organization" in text(
        client_for(None).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    )
    assert "机构注册" in text(client_for(None).get("/"))


def test_errors_are_translated(cast):
    client = client_for(cast.org_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("registry:statistics_add", args=[cast.org.pk]), {"year": "2025", "revenue": "-1"}
    )
    assert "Operating revenue cannot be negative." in text(response)
    response = client.post(
        reverse("registry:statistics_add", args=[cast.org.pk]),
        {"year": "2025", "employees": "10", "rd_staff": "11"},
    )
    assert "R&amp;D staff cannot exceed the number of employees." in text(response)


def test_money_and_dates_in_english(cast):
    from tests.factories import StatisticsFactory

    StatisticsFactory(organization=cast.org, year=2025, revenue=12345600)
    client = client_for(cast.org_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = text(client.get(reverse("registry:organization_detail", args=[cast.org.pk])))
    assert "(amounts in 10,000 yuan)" in body and "1,234.56" in body


def test_catalogue_has_no_duplicate_entries():
    """A duplicate msgid (easy to get when two branches add the same string) makes msgfmt refuse the file."""
    ids = [(refs, msgid) for refs, msgid, _ in _entries() if msgid]
    seen: set[str] = set()
    duplicates = [msgid for _refs, msgid in ids if msgid in seen or seen.add(msgid)]
    assert duplicates == []
