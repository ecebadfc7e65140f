"""Two officers deciding the same application at the same moment (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from kechuang.core.errors import ApplicationError
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.models import Application
from kechuang.recognition.services import application_transition

S = ApplicationStatus


@pytest.fixture
def reference_data_after(django_db_blocker):  # type: ignore[no-untyped-def]
    """Requested before ``transactional_db``, so it tears down after the flush: reload regions/industries
    for the tests that follow in the same session."""
    yield
    from kechuang.registry.reference import INDUSTRY_DIVISIONS_CSV, load_industries, load_regions

    with django_db_blocker.unblock():
        load_regions()
        load_industries(INDUSTRY_DIVISIONS_CSV)


def test_simultaneous_decisions_one_wins_one_gets_a_clear_message(
    reference_data_after, transactional_db, cast, world, settings, tmp_path
):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers, so there is no race to test)")
    from tests import factories as f

    second_officer = f.OfficerFactory(user__username="officer2", department=world.department).user
    org = cast.org
    application = Application.objects.create(
        call=world.call, organization=org, region_path=org.region_path, title="中心", status=S.DECISION
    )
    version = application.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(actor, to, note):  # type: ignore[no-untyped-def]
        from django.db import connections

        try:
            barrier.wait()
            application_transition(
                application=application, to=to, actor=actor, note=note, expected_version=version
            )
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(cast.officer, S.PUBLICITY, "")),
        threading.Thread(target=decide, args=(second_officer, S.REJECTED, "得分不足")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "该记录已被他人修改，请刷新页面后重试。"]
    application.refresh_from_db()
    assert application.status in (S.PUBLICITY, S.REJECTED)
    assert application.version == version + 1
