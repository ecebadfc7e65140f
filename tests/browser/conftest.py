"""Fixtures for Playwright browser tests (``tests/browser/test_<app>.py``).

Every test in this directory is marked ``browser`` automatically and is skipped, with the reason, when
Playwright or chromium is missing. Run them with ``pytest -m browser`` (``make test`` leaves them out).

Fixtures:

* ``live_server`` (pytest-django): the app served from a thread on a free port, on the test database.
  It uses ``transactional_db``, which empties the tables after each test; the project conftest reloads
  regions and industries before the next such test.
* ``browser`` (session): headless chromium from ``$KECHUANG_CHROMIUM`` or ``/usr/bin/chromium``
  (Debian package ``chromium``).
* ``page``: a fresh context (cookies) and page per test; ``page.goto("/accounts/login/")`` is relative to
  the live server. Chinese locale, 30 s default timeout.
* ``login``: ``login(username, password)`` signs in on ``page`` through the real login form.

After a click that submits a form or follows a link, wait for the new page with
``with page.expect_navigation(): page.click(...)`` — ``page.wait_for_load_state()`` right after a click
can return before the navigation has started (the old page is already loaded), which makes tests flaky
on a busy machine.

The test body runs in the main thread while Playwright's event loop is alive there, so Django's
async-safety check is switched off (``DJANGO_ALLOW_ASYNC_UNSAFE``) for the browser session only.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("KECHUANG_CHROMIUM", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_MS = 30_000  # generous: CI machines are often busy


def _missing() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"chromium not found at {CHROMIUM} (apt-get install chromium, or set KECHUANG_CHROMIUM)"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser ``browser`` (before -m selection) and skip them if unrunnable."""
    reason = None
    checked = False
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not checked:
            reason, checked = _missing(), True
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def _async_unsafe_allowed() -> Iterator[None]:
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_async_unsafe_allowed: None) -> Iterator[Any]:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    pg = context.new_page()
    try:
        yield pg
        # A request still in flight (htmx counts after the rows…) would hold the live server's database
        # while the test's teardown flushes it ("database table is locked" on SQLite): let it finish.
        pg.wait_for_load_state("networkidle", timeout=10_000)
    finally:
        context.close()


@pytest.fixture
def login(page: Any) -> Callable[[str, str], Any]:
    """``login(username, password)``: sign in through /accounts/login/ and wait until the form is gone."""

    def _login(username: str, password: str) -> Any:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        if "/accounts/login/" in page.url:
            errors = page.locator(".errors").all_inner_texts()
            raise AssertionError(f"login as {username!r} failed: {errors}")
        return page

    return _login
