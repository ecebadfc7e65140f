"""The state one import carries through its phases, and the checks every sheet shares.

:class:`ImportContext` holds who imports (their :class:`Scope`), how (``mode``), the reference lookups
and every error found so far; each sheet's module reads its rows through :meth:`ImportContext.records`
(header check, example row skipped, 统一社会信用代码 cleaned once per distinct text) and cleans them with
the services' own ``clean_*`` functions through :func:`collect`, which reports all of a row's problems,
not just the first — the same rules and messages as the API and the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import RowError, cell_text, read_table
from kechuang.registry.excel.columns import (
    EXAMPLE_USCC,
    EXPORT_ONLY_HEADERS,
    ImportColumn,
    aliases,
    labels,
)
from kechuang.registry.models import Industry, Organization, Region
from kechuang.registry.selectors import user_officer_roles
from kechuang.registry.services import resolve_industry, resolve_region
from kechuang.registry.validators import clean_uscc

MODES = ("upsert", "create")
CHUNK = 2000  # rows per bulk query / audit batch: bounded memory per round trip
IN_CHUNK = 900  # values per ``__in`` lookup (SQLite's variable limit is 999 on older builds)


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def by_uscc(
    usccs: Iterable[str], qs: QuerySet[Organization] | None = None
) -> Iterator[QuerySet[Organization]]:
    """``qs`` (all organizations by default) filtered to ``usccs``, a bounded ``__in`` list at a time."""
    base = Organization.objects.all() if qs is None else qs
    for chunk in chunks(sorted(set(usccs)), IN_CHUNK):
        yield base.filter(uscc__in=chunk)


def collect(
    func: Callable[..., dict[str, Any]],
    data: dict[str, Any],
    *,
    placeholders: dict[str, Any] | None = None,
    **kwargs: Any,
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """Run a ``clean_*`` function and collect every field error, not just the first.

    The cleaners stop at the first problem; to report all of a row's problems we drop the failing field
    (or replace it with a valid placeholder when the cleaner requires it) and run again. A valid row costs
    one call.
    """
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    current = data
    while True:
        try:
            values = func(current, **kwargs)
        except ApplicationError as exc:
            name = str(exc.extra.get("field") or "")
            errors.append((name, exc.message))
            if not name or name in seen or name not in current:
                return None, errors
            seen.add(name)
            current = dict(current)
            if placeholders and name in placeholders:
                current[name] = placeholders[name]
            else:
                del current[name]
            continue
        return (values if not errors else None), errors


class Lookups:
    """:func:`resolve_region` / :func:`resolve_industry` for many rows: same results, same messages.

    Codes are looked up in the whole (small) reference tables loaded once — exactly what the resolvers'
    ``code=`` / ``code_with_section=`` queries would return; anything else (names, unknown codes) goes to
    the resolver itself, memoised per distinct text, errors included.
    """

    def __init__(self) -> None:
        self._region_codes: dict[str, Region] | None = None
        self._industry_codes: dict[str, Industry] | None = None
        self._regions: dict[str, Region | ApplicationError] = {}
        self._industries: dict[str, Industry | ApplicationError | None] = {}

    @staticmethod
    def _memo(cache: dict[str, Any], resolve: Callable[[Any], Any], text: str) -> Any:
        try:
            hit = cache[text]
        except KeyError:
            try:
                hit = resolve(text)
            except ApplicationError as exc:
                hit = exc
            cache[text] = hit
        if isinstance(hit, ApplicationError):
            raise hit
        return hit

    def region(self, text: str) -> Region:
        if self._region_codes is None:
            self._region_codes = {r.code: r for r in Region.objects.all()}
        found = self._region_codes.get(text)
        if found is not None:
            return found
        return self._memo(self._regions, resolve_region, text)

    def industry(self, text: str) -> Industry | None:
        if self._industry_codes is None:
            codes: dict[str, Industry] = {}
            industries = list(Industry.objects.all())
            for industry in industries:  # ``code`` wins over ``code_with_section``, as in the resolver
                codes.setdefault(industry.code_with_section, industry)
            for industry in industries:
                codes[industry.code] = industry
            self._industry_codes = codes
        found = self._industry_codes.get(text.strip().upper())
        if found is not None:
            return found
        return self._memo(self._industries, resolve_industry, text)


class Scope:
    """Where the actor may import: ``None`` paths = anywhere (platform admin)."""

    def __init__(self, actor: Any) -> None:
        if user_is_platform_admin(actor):
            self.paths: tuple[str, ...] | None = None
            self.label = ""
            return
        roles = user_officer_roles(actor)
        if not roles:
            raise ApplicationError(_("您无权导入主体数据。"), extra={"code": "forbidden"})
        self.paths = tuple(role.region.path for role in roles)
        self.label = "、".join(dict.fromkeys(str(role.region) for role in roles))

    def allows(self, region_path: str) -> bool:
        return self.paths is None or region_path.startswith(self.paths)

    def region_message(self, region: Region) -> str:
        return _("您只能导入本辖区（%(scope)s）内的主体，“%(region)s”不在其中。") % {
            "scope": self.label,
            "region": str(region),
        }


@dataclass
class Row:
    """One data row that passed the row checks: its cleaned values, then the instance it will write."""

    row: int
    uscc: str
    values: dict[str, Any]
    instance: Any = None
    existing: bool = False
    before: dict[str, Any] | None = None


@dataclass
class Plan:
    orgs: list[Row] = field(default_factory=list)
    stats: list[Row] = field(default_factory=list)
    rows: int = 0
    # Every valid USCC on the 主体 sheet, including rows with other errors (their statistics are not orphans).
    org_usccs: dict[str, int] = field(default_factory=dict)


class ImportContext:
    """One import's actor, mode, lookups and errors, and each sheet's columns (by sheet name)."""

    def __init__(
        self,
        *,
        actor: Any,
        mode: str,
        columns: dict[str, list[ImportColumn]],
        extra_labels: dict[str, dict[str, str]] | None = None,
    ) -> None:
        if mode not in MODES:
            raise ApplicationError(_("导入方式“%(mode)s”无效。") % {"mode": mode}, extra={"field": "mode"})
        self.actor = actor
        self.mode = mode
        self.scope = Scope(actor)
        self.lookups = Lookups()
        self.usccs: dict[str, str] = {}  # raw text → valid code: a statistics row repeats its 主体 row's code
        self.errors: list[RowError] = []
        self.columns = columns
        self.labels = {sheet: labels(cols) for sheet, cols in columns.items()}
        for sheet, extra in (extra_labels or {}).items():
            self.labels[sheet].update(extra)

    def error(self, sheet: str, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(sheet, row, self.labels[sheet].get(key, key), message))

    def not_importable(self, sheet: str, row: int, uscc: str) -> None:
        self.error(
            sheet,
            row,
            "uscc",
            _("统一社会信用代码%(uscc)s已由您辖区以外的主体登记，您无权更新该主体。") % {"uscc": uscc},
        )

    def _clean_uscc(self, raw: str) -> str:
        self.usccs[raw] = code = clean_uscc(raw)
        return code

    def records(self, ws: Any, plan: Plan) -> Iterator[tuple[int, dict[str, Any], str]]:
        """The sheet's data rows as ``(row number, {key: cell}, USCC)``; the USCC is ``""`` when invalid
        (the error is recorded). Header problems are recorded and yield nothing; the example row is skipped.
        """
        sheet = ws.title
        columns = self.columns[sheet]
        table = read_table(
            ws,
            aliases=aliases(columns),
            required=[c.key for c in columns if c.required],
            ignored=EXPORT_ONLY_HEADERS,
            labels=self.labels[sheet],
            errors=self.errors,
        )
        if table is None:
            return
        for number, record in table.rows:
            raw_uscc = cell_text(record.get("uscc"))
            if raw_uscc == EXAMPLE_USCC:
                continue
            plan.rows += 1
            try:
                uscc = self.usccs.get(raw_uscc) or self._clean_uscc(raw_uscc)
            except ApplicationError as exc:
                self.error(sheet, number, "uscc", exc.message)
                uscc = ""
            yield number, record, uscc

    def existing(self, usccs: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Registered organizations among ``usccs``: USCC → (id, region path)."""
        out: dict[str, tuple[int, str]] = {}
        for qs in by_uscc(usccs):
            for uscc, pk, path in qs.values_list("uscc", "id", "region_path"):
                out[uscc] = (pk, path)
        return out
