"""Importing organizations and their yearly statistics from one .xlsx, and exporting registry lists.

The workbook has two sheets (the template, :func:`template_workbook`, shows them with an example row):

* **主体** — one organization per row, keyed by 统一社会信用代码 (:mod:`.organizations`).
* **年度统计** — one organization-year per row (统一社会信用代码 + 年度 + figures in 元 / 人 / 件); the
  organization is either on the 主体 sheet or already registered (:mod:`.statistics`).

Either sheet may be left out. Two sheets rather than one wide sheet because an organization has many years:
a wide sheet would repeat the organization's columns on every year or need a column per year and figure.

Rules are the ones the services and the API apply — rows go through
:func:`~kechuang.registry.services.clean_organization_data`, :func:`~kechuang.registry.services.clean_statistics_data`,
:func:`~kechuang.registry.validators.clean_uscc`, :func:`~kechuang.registry.services.resolve_region` and
:func:`~kechuang.registry.services.resolve_industry`, so the messages are identical. Upsert by USCC
(``mode="upsert"``, the default): a USCC already registered updates that organization; cells left empty keep
the stored value (an import never erases data). With ``mode="create"`` a registered USCC, or a year already
stored, is an error. All or nothing, scoped to the actor's regions, audited: :mod:`.importer`.

The package:

* :mod:`.columns` — sheet names, :class:`ImportColumn`, header aliases and export cell helpers;
* :mod:`.context` — one import's state and the checks every sheet shares;
* :mod:`.organizations`, :mod:`.statistics` — each sheet's columns, row checks, writes and exports;
* :mod:`.parks` — the park list export;
* :mod:`.importer` — :func:`import_workbook`, the phases, the audit;
* :mod:`.files` — the template and the stored error workbooks.

See docs/excel.md.
"""

from kechuang.core.excel_import import error_workbook_path
from kechuang.registry.excel.columns import (
    EXAMPLE_USCC,
    EXPORT_ONLY_HEADERS,
    HELP_SHEET,
    MONEY_FORMAT,
    ORG_SHEET,
    STATS_SHEET,
    ImportColumn,
)
from kechuang.registry.excel.context import MODES
from kechuang.registry.excel.files import (
    ERRORS_FILENAME,
    TEMPLATE_FILENAME,
    store_error_workbook,
    template_sheets,
    template_workbook,
)
from kechuang.registry.excel.importer import ImportFailed, ImportResult, can_import, import_workbook
from kechuang.registry.excel.organizations import (
    CHOICE_LABELS,
    organization_columns,
    organization_export_columns,
    verification_export_columns,
)
from kechuang.registry.excel.parks import park_export_columns
from kechuang.registry.excel.statistics import (
    statistics_columns,
    statistics_export_columns,
    statistics_for_export,
)

__all__ = [
    "CHOICE_LABELS",
    "ERRORS_FILENAME",
    "EXAMPLE_USCC",
    "EXPORT_ONLY_HEADERS",
    "HELP_SHEET",
    "MODES",
    "MONEY_FORMAT",
    "ORG_SHEET",
    "STATS_SHEET",
    "TEMPLATE_FILENAME",
    "ImportColumn",
    "ImportFailed",
    "ImportResult",
    "can_import",
    "error_workbook_path",
    "import_workbook",
    "organization_columns",
    "organization_export_columns",
    "park_export_columns",
    "statistics_columns",
    "statistics_export_columns",
    "statistics_for_export",
    "store_error_workbook",
    "template_sheets",
    "template_workbook",
    "verification_export_columns",
]
