"""The organization list in a real browser: htmx live filtering (Traditional input), the region picker,
keyset paging without reloading, and the language switch."""

from __future__ import annotations

import pytest

from kechuang.registry.models import Region
from tests import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    officer = f.OfficerFactory(user__username="officer").user
    f.OrganizationFactory(name="长春光华微电子有限公司")
    f.OrganizationFactory(name="朝阳区精密机械有限公司", region=Region.objects.get(code="220104"))
    for i in range(25):
        f.OrganizationFactory(name=f"南关区测试企业{i:02d}")
    return officer


def _rows(page):  # type: ignore[no-untyped-def]
    return page.locator("#results tbody tr td:first-child").all_inner_texts()


def test_live_filtering_picker_and_paging(page, login, world):  # type: ignore[no-untyped-def]
    login("officer", "Kechuang-2026")
    page.goto("/registry/organizations/?size=20")
    assert len(_rows(page)) == 20
    page.wait_for_function("() => document.querySelector('#org-count').innerText.includes('27')")
    assert page.locator("#org-count").inner_text() == "共 27 个主体"  # counted after the rows, by htmx
    marker = page.evaluate("() => { window.__noReload = 1; return 1; }")
    assert marker == 1

    # Typing (in Traditional characters) filters without a page load.
    page.fill("input[name=q]", "長春光華")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert _rows(page) == ["长春光华微电子有限公司"]
    page.wait_for_function("() => document.querySelector('#org-count').innerText === '共 1 个主体'")
    assert "q=" in page.url  # the URL follows the filters (hx-push-url)
    assert page.evaluate("() => window.__noReload") == 1

    # The region picker suggests by pinyin initials; choosing one filters the list.
    page.fill("input[name=q]", "")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 20")
    page.fill("input[name=region]", "cyq")
    option = page.locator(".suggestions button[data-value='220104']")
    option.wait_for()
    option.click()
    assert page.input_value("input[name=region]") == "220104"
    page.wait_for_function(
        "() => document.querySelector('#results tbody td').innerText === '朝阳区精密机械有限公司'"
    )
    assert _rows(page) == ["朝阳区精密机械有限公司"]

    # Paging by cursor, still without a reload.
    page.fill("input[name=region]", "")
    page.click("#org-filters button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 20")
    first_page = _rows(page)
    page.click("#results >> text=下一页")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 7")
    assert not set(_rows(page)) & set(first_page)
    assert page.evaluate("() => window.__noReload") == 1


def test_language_switch(page, login, world):  # type: ignore[no-untyped-def]
    login("officer", "Kechuang-2026")
    page.goto("/registry/organizations/")
    assert page.locator("main h1").inner_text() == "主体库"
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.locator("main h1").inner_text() == "Organizations"
    assert page.url.endswith("/registry/organizations/")


def test_verification_queue_inline_approve_and_reject(page, login, world):  # type: ignore[no-untyped-def]
    from kechuang.registry.choices import VerificationStatus
    from kechuang.registry.models import Organization

    first = f.OrganizationFactory(name="待核验甲公司", verification_status=VerificationStatus.PENDING)
    second = f.OrganizationFactory(name="待核验乙公司", verification_status=VerificationStatus.PENDING)
    login("officer", "Kechuang-2026")
    page.goto("/registry/verification/")
    page.evaluate("() => { window.__noReload = 1; }")

    row = page.locator(f"#verify-{first.pk}")
    row.locator("button[value=reject]").click()
    page.wait_for_function(
        f"() => document.querySelector('#verify-{first.pk}').innerText.includes('不予通过时请填写理由。')"
    )
    assert Organization.objects.get(pk=first.pk).verification_status == VerificationStatus.PENDING

    page.locator(f"#verify-{first.pk} input[name=note]").fill("营业执照名称不一致")
    page.locator(f"#verify-{first.pk} button[value=reject]").click()
    page.wait_for_function(
        f"() => document.querySelector('#verify-{first.pk}').innerText.includes('未通过核验')"
    )
    page.locator(f"#verify-{second.pk} button[value=approve]").click()
    page.wait_for_function(
        f"() => document.querySelector('#verify-{second.pk}').innerText.includes('已核验')"
    )
    assert page.evaluate("() => window.__noReload") == 1
    assert Organization.objects.get(pk=first.pk).verification_note == "营业执照名称不一致"
    assert Organization.objects.get(pk=second.pk).verification_status == VerificationStatus.VERIFIED
