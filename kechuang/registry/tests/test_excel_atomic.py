"""Rule guarded: the Excel import's write is all or nothing, outside any test transaction too.

These tests commit for real (``transaction=True``): a failure in the middle of the write — after the
organizations are inserted, or after the audit records are — leaves no organization, no figures and no
audit record behind, and the audit chain still verifies.
"""

from __future__ import annotations

import pytest

from kechuang.core.audit import audit_verify
from kechuang.core.models import AuditRecord
from kechuang.registry.excel import importer, statistics
from kechuang.registry.models import Organization, YearlyStatistics

from .test_excel_import import A, B, org_row, run, stats_row

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def _counts() -> tuple[int, int, int]:
    return Organization.objects.count(), YearlyStatistics.objects.count(), AuditRecord.objects.count()


def test_a_good_import_commits_organizations_figures_and_their_audit(tmp_path, cast):
    before = _counts()
    result = run(tmp_path, cast.officer, [org_row(A), org_row(B, name="长春乙科技有限公司")], [stats_row(A)])
    assert (result.organizations_created, result.statistics_created) == (2, 1)
    orgs, stats, audits = _counts()
    assert (orgs - before[0], stats - before[1]) == (2, 1)
    assert audits - before[2] == 2
    assert audit_verify()[1] is None


def test_a_failure_after_the_organizations_are_written_leaves_nothing(tmp_path, cast, monkeypatch):
    def failing_write(*args, **kwargs):
        assert Organization.objects.filter(uscc__in=[A, B]).count() == 2  # the first half did run
        raise Boom

    monkeypatch.setattr(statistics, "write", failing_write)
    before = _counts()
    with pytest.raises(Boom):
        run(tmp_path, cast.officer, [org_row(A), org_row(B, name="长春乙科技有限公司")], [stats_row(A)])
    assert _counts() == before
    assert not Organization.objects.filter(uscc__in=[A, B]).exists()


def test_a_failure_after_the_audit_is_written_leaves_no_orphan_record(tmp_path, cast, monkeypatch):
    real = importer.audit_log_many

    def audit_then_fail(**kwargs):
        real(**kwargs)
        raise Boom

    monkeypatch.setattr(importer, "audit_log_many", audit_then_fail)
    before = _counts()
    with pytest.raises(Boom):
        run(tmp_path, cast.officer, [org_row(A)], [stats_row(A)])
    assert _counts() == before
    assert audit_verify()[1] is None
