"""Long work that leaves the request: a list export too big to build while the user waits.

A view that would stream more than ``KECHUANG_EXPORT_BACKGROUND_ROWS`` rows calls :func:`export_start`
instead: it records a :class:`~kechuang.core.models.BackgroundJob` (audited), and once that commits enqueues
:func:`kechuang.core.tasks.export_list`. The worker calls the app's *provider* — a function
``provider(user, params) -> ExportSpec`` named by its dotted path, which rebuilds the same selector with the
same filters and permission scope as the page — writes the workbook under ``MEDIA_ROOT/exports/`` (shared by
every node) with its progress on the job, and leaves the file for the job page (``core:job``), where only the
job's owner may download it (``core:job_download``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import get_language, gettext_noop

from kechuang.core.excel import Column, SheetSpec, write_workbook
from kechuang.core.models import BackgroundJob
from kechuang.core.services_jobs import job_progress, job_start

EXPORT_JOB = "core.export"
# Stored untranslated (the page translates them in the reader's language).
QUEUED = gettext_noop("排队等待处理")
WRITING = gettext_noop("正在写入表格")
PROGRESS_EVERY = 500
KEEP_FILES = dt.timedelta(days=7)  # an export's file is removed by the first export a week later


@dataclass(frozen=True)
class ExportSpec:
    """What a provider returns: the rows (a queryset is streamed), the columns, the sheet and file name."""

    rows: Iterable[Any]
    columns: Sequence[Column]
    title: str
    filename: str


def background_threshold() -> int:
    return int(getattr(settings, "KECHUANG_EXPORT_BACKGROUND_ROWS", 5000))


def params_of(query: QueryDict) -> dict[str, list[str]]:
    """A request's query parameters as JSON (every value of every key)."""
    return {key: list(values) for key, values in query.lists()}


def query_of(params: Mapping[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, [str(v) for v in values])
    return query


ExportProvider = Callable[[Any, QueryDict], ExportSpec]
_PROVIDERS: dict[str, ExportProvider] = {}


def export_provider(provider: ExportProvider) -> ExportProvider:
    """Register a list export (decorator) so a task worker can rebuild it by name; the apps import the
    modules holding theirs in ``AppConfig.ready``."""
    _PROVIDERS[provider_name(provider)] = provider
    return provider


def provider_name(provider: ExportProvider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def provider_named(name: str) -> ExportProvider | None:
    return _PROVIDERS.get(name)


# One-sheet Excel imports (kechuang.core.import_pages) a task worker may rebuild: ``provider(user, params)``
# returns the page's ``SheetImportPage`` as that user would get it (the object checked again).
SheetImportProvider = Callable[[Any, Mapping[str, Any]], Any]
_IMPORTS: dict[str, SheetImportProvider] = {}


def sheet_import_provider(provider: SheetImportProvider) -> SheetImportProvider:
    """Register a one-sheet import (decorator) so that above ``KECHUANG_IMPORT_BACKGROUND_ROWS`` rows a
    task worker runs it; the apps import the modules holding theirs in ``AppConfig.ready``."""
    _IMPORTS[f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def sheet_import_named(name: str) -> SheetImportProvider | None:
    return _IMPORTS.get(name)


def import_threshold() -> int:
    return int(getattr(settings, "KECHUANG_IMPORT_BACKGROUND_ROWS", 2000))


def import_dir() -> Path:
    """Uploads waiting for a worker (shared by every node, like the exports)."""
    return Path(settings.MEDIA_ROOT) / "imports"


def stored_import(name: str) -> Path:
    path = (import_dir() / name).resolve()
    if path.parent != import_dir().resolve():
        raise ValueError(name)
    return path


@transaction.atomic
def export_job_start(
    *, actor: Any, provider: ExportProvider, params: Mapping[str, list[str]], total: int
) -> BackgroundJob:
    """Record the export job of ``actor`` (its task is enqueued by :func:`kechuang.core.tasks.export_start`)."""
    name = provider_name(provider)
    if provider_named(name) is not provider:
        raise ValueError(f"export provider {name} is not registered")
    job = job_start(actor=actor, kind=EXPORT_JOB, total=total, phase=QUEUED)
    BackgroundJob.objects.filter(pk=job.pk).update(
        result={"provider": name, "params": dict(params), "language": get_language()}
    )
    return job


def export_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def export_path(job: BackgroundJob) -> Path | None:
    """The finished workbook of ``job`` (None when there is none, or a stored name tries to leave the folder)."""
    name = (job.result or {}).get("file")
    if not name or job.kind != EXPORT_JOB or job.status != BackgroundJob.Status.SUCCEEDED:
        return None
    path = (export_dir() / str(name)).resolve()
    if path.parent != export_dir().resolve() or not path.is_file():
        return None
    return path


def counted(rows: Iterable[Any], report: Callable[[int], None]) -> Iterator[Any]:
    """``rows`` as they are written, calling ``report(n)`` every :data:`PROGRESS_EVERY` rows."""
    iterator = getattr(rows, "iterator", None)
    source = iterator(chunk_size=2000) if callable(iterator) else rows
    for n, row in enumerate(source, start=1):
        yield row
        if n % PROGRESS_EVERY == 0:
            report(n)


def write_export(job: BackgroundJob, spec: ExportSpec, dest: Path) -> int:
    """Write the provider's rows to ``dest`` with the job's progress; returns the rows written."""
    total = spec.rows.count() if hasattr(spec.rows, "count") and hasattr(spec.rows, "iterator") else None
    job_progress(job, phase=WRITING, done=0, total=total)

    def report(n: int) -> None:
        job_progress(job, phase=WRITING, done=n)

    sheet = SheetSpec(title=spec.title, columns=spec.columns, rows=counted(spec.rows, report))
    return write_workbook(dest, [sheet])
