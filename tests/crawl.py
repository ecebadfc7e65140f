"""A crawler for page tests: follows every link reachable from a start page as one user, and reports the
pages a user should never see — 404, server errors, raw status constants, JSON field names, English
snake_case tokens in Chinese pages, industry letters without their names, ASCII colons after Chinese
labels.

Used by ``tests/test_crawl.py`` on a demo dataset; bounded (pages per user, addresses per URL pattern)
so that it stays fast.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.db import models
from django.test import Client

# Addresses a crawl does not follow: leaving the session, the admin site (its own English UI), machine
# routes (API, schema), downloads (Excel, PDF, certificates), the language switch.
SKIP = re.compile(
    r"^/(accounts/logout|admin/|api/|static/|media/|i18n/|jsi18n/|__)"
    r"|\.(xlsx|pdf|csv|zip|png|jpg)$|/export|/download|/attachments/\d+/$|/template/$"
)
SNAKE = re.compile(r"(?<![\w./@#-])[a-z]+(?:_[a-z0-9]+)+(?![\w.@/-])")
JSON_KEY = re.compile(r"[{,]\s*\"[A-Za-z_]+\"\s*:")
INDUSTRY_CONTEXT = re.compile(r"(行业|门类|属于|领域)[^。；\n]{0,14}")
# A standard number (GB/T 2423) is not an industry letter: a letter after "/" is never one.
BARE_LETTER = re.compile(r"(?<![A-Za-z0-9（(/])([A-T])(?![A-Za-z0-9]|\s*[（(]|\s*[\u4e00-\u9fff])")
CJK = re.compile(r"[\u4e00-\u9fff]")
# An ASCII colon after a Chinese label ("评审意见:", "牵头单位:吉林…"); a time (02:31) or a URL is not one.
ASCII_COLON = re.compile(r"[\u4e00-\u9fff）]:(?=\s|$|[\u4e00-\u9fff])")


class _Page(HTMLParser):
    """The visible text of a page and its links."""

    SILENT = {"script", "style", "template", "code", "pre", "textarea", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.chunks: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SILENT:
            self._silent += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data: str) -> None:
        if not self._silent:
            self.chunks.append(data)


def status_constants() -> set[str]:
    """Every choice value of the project's models that is an English word or snake_case code."""
    from django.apps import apps

    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("kechuang."):
            continue
        for f in model._meta.get_fields():
            choices = getattr(f, "choices", None)
            if isinstance(f, models.Field) and choices:
                for value, _label in f.flatchoices:
                    if (
                        isinstance(value, str)
                        and re.fullmatch(r"[a-z]+(?:_[a-z]+)*", value)
                        and len(value) > 3
                    ):
                        values.add(value)
    return values


@dataclass
class Finding:
    url: str
    problem: str
    referrer: str = ""

    def __str__(self) -> str:
        return f"{self.url} ← {self.referrer}: {self.problem}"


@dataclass
class Crawl:
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "#", urlsplit(path).path) + ("?" if urlsplit(path).query else "")


def inspect_text(text: str, constants: set[str]) -> list[str]:
    """What is wrong with a page's visible text (Chinese UI)."""
    problems = []
    for token in sorted(set(SNAKE.findall(text))):
        problems.append(f"英文代码 {token!r}")
    words = set(re.findall(r"(?<![\w-])[a-z]{4,}(?![\w-])", text))
    for token in sorted(words & constants):
        problems.append(f"状态代码 {token!r}")
    if JSON_KEY.search(text):
        problems.append(f"JSON {JSON_KEY.search(text).group(0)!r}")  # type: ignore[union-attr]
    for match in ASCII_COLON.finditer(text):
        problems.append(f"中文后的半角冒号 {text[max(0, match.start() - 8) : match.end() + 6]!r}")
    for match in INDUSTRY_CONTEXT.finditer(text):
        # the letter must lie in the context; what follows it is read from the whole text
        letter = BARE_LETTER.search(text, match.start(), len(text))
        if letter and letter.start() < match.end():
            problems.append(f"行业代码没有名称 {match.group(0).strip()!r}")
    return problems


def crawl(
    client: Client,
    start: str = "/",
    *,
    max_pages: int = 150,
    per_pattern: int = 2,
    constants: set[str] | None = None,
) -> Crawl:
    """Breadth-first from ``start``: GET every same-site link (bounded) and inspect each HTML page."""
    constants = constants if constants is not None else status_constants()
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([(start, "")])
    per: dict[str, int] = defaultdict(int)
    while queue and result.pages < max_pages:
        url, referrer = queue.popleft()
        if url in result.seen:
            continue
        result.seen.add(url)
        response = client.get(url, follow=True)
        result.pages += 1
        if response.status_code == 404 or response.status_code >= 500:
            result.findings.append(Finding(url, f"HTTP {response.status_code}", referrer))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        text = " ".join(" ".join(page.chunks).split())
        if CJK.search(text):
            for problem in inspect_text(text, constants):
                result.findings.append(Finding(url, problem, referrer))
        final = response.request["PATH_INFO"]
        for href in page.links:
            target, _frag = urldefrag(urljoin(final, href))
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith("/") or SKIP.search(parts.path) or path in result.seen:
                continue
            key = _pattern(path)
            if per[key] >= per_pattern:
                continue
            per[key] += 1
            queue.append((path, url))
    return result
