"""A client that retries a claim submit after a timeout (the first request went through, its answer was lost)
duplicates nothing: one status change, one audit record; the retry is answered with the submitted claim."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.core.models import AuditRecord
from kechuang.core.workflow import history
from kechuang.policies.models import Claim

from .conftest import ON

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(user)
    return c


def _draft(cast, srdi) -> Claim:  # type: ignore[no-untyped-def]
    r = api(cast.org_admin).post(
        reverse("api-policy-claims"),
        {"measure": srdi.pk, "organization": cast.org.pk, "on": ON.isoformat()},
        format="json",
    )
    assert r.status_code == 201
    return Claim.objects.get(pk=r.json()["id"])


def _submits(claim: Claim) -> tuple[int, int]:
    changes = history(claim).filter(to_status="submitted").count()
    audits = AuditRecord.objects.filter(
        action="claim.transition", target_id=str(claim.pk), after__status="submitted"
    ).count()
    return changes, audits


def test_a_retried_submit_is_answered_and_writes_nothing(cast, srdi):
    claim = _draft(cast, srdi)
    url = reverse("api-policy-claim-action", args=[claim.pk])
    body = {"action": "submit", "expected_version": claim.version}
    first = api(cast.org_admin).post(url, body, format="json")
    assert first.status_code == 200 and first.json()["status"] == "submitted"
    assert "Idempotent-Replay" not in first
    for _ in range(3):  # the client timed out and sends the same request again
        retry = api(cast.org_admin).post(url, body, format="json")
        assert retry.status_code == 200 and retry["Idempotent-Replay"] == "true"
        assert retry.json() == first.json()
    claim.refresh_from_db()
    assert claim.status == "submitted" and claim.version == body["expected_version"] + 1
    assert _submits(claim) == (1, 1)


def test_a_submit_without_its_version_is_refused_when_repeated_and_still_not_duplicated(cast, srdi):
    claim = _draft(cast, srdi)
    url = reverse("api-policy-claim-action", args=[claim.pk])
    assert api(cast.org_admin).post(url, {"action": "submit"}, format="json").status_code == 200
    again = api(cast.org_admin).post(url, {"action": "submit"}, format="json")
    assert again.status_code == 400 and again.json()["extra"]["from"] == "submitted"
    assert _submits(claim) == (1, 1)


def test_a_stale_retry_or_another_user_is_not_taken_for_a_replay(cast, srdi):
    claim = _draft(cast, srdi)
    url = reverse("api-policy-claim-action", args=[claim.pk])
    first = {"action": "submit", "expected_version": claim.version}
    assert api(cast.org_admin).post(url, first, format="json").status_code == 200
    # a member may see the claim but not submit it: no replay answer for them either
    member = api(cast.org_member).post(url, first, format="json")
    assert member.status_code in (400, 403) and "Idempotent-Replay" not in member
    # returned and submitted again: the first submit's retry now is stale
    claim.refresh_from_db()
    returned = api(cast.officer).post(url, {"action": "return", "note": "补充材料"}, format="json")
    assert returned.status_code == 200
    claim.refresh_from_db()
    second = {"action": "submit", "expected_version": claim.version}
    assert api(cast.org_admin).post(url, second, format="json").status_code == 200
    stale = api(cast.org_admin).post(url, first, format="json")
    assert stale.status_code == 400 and "Idempotent-Replay" not in stale
    assert _submits(claim) == (2, 2)
