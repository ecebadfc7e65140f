"""Review pages: experts see only their own assignments; panels only their department's officers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.review.models import ReviewAssignment
from kechuang.review.services import panel_assign, panel_open

from .conftest import expert


@pytest.fixture
def scoring(cast, panel):
    a, b = expert("甲"), expert("乙")
    panel_assign(panel=panel, actor=cast.officer, experts=[a])
    panel_open(panel=panel, actor=cast.officer)
    return panel, ReviewAssignment.objects.get(expert=a), a, b


def test_assignment_page_matrix(client, cast, scoring):
    _panel, assignment, a, b = scoring
    url = reverse("review:assignment_detail", args=[assignment.pk])
    assert client.get(url).status_code == 302
    for user in (b.user, cast.officer, cast.org_admin, cast.norole):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(a.user)
    assert client.get(url).status_code == 200


def test_score_form_shows_range_error(client, scoring):
    _panel, assignment, a, _b = scoring
    client.force_login(a.user)
    url = reverse("review:assignment_detail", args=[assignment.pk])
    page = client.post(url, {"score_q": "120", "comment": "好"}).content.decode()
    assert "“质量”的得分必须在0到100之间。" in page
    assignment.refresh_from_db()
    assert assignment.status == "assigned"
    client.post(url, {"score_q": "90", "comment": "好"})
    assignment.refresh_from_db()
    assert assignment.status == "submitted" and str(assignment.total) == "90.00"


def test_panel_page_matrix_and_sealed(client, cast, scoring):
    panel, _assignment, a, _b = scoring
    url = reverse("review:panel_detail", args=[panel.pk])
    assert client.get(url).status_code == 302
    for user in (cast.other_officer, cast.org_admin, a.user, cast.norole):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(cast.officer)
    page = client.get(url).content.decode()
    assert "封存" in page


def test_my_assignments_lists_only_mine(client, scoring):
    _panel, _assignment, a, b = scoring
    client.force_login(b.user)
    assert "光华" not in client.get(reverse("review:my_assignments")).content.decode()
    client.force_login(a.user)
    assert "光华" in client.get(reverse("review:my_assignments")).content.decode()
