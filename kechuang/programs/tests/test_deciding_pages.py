"""The deciding pages: the queue's filters, bulk moves and constant query count, the ranking page, forged
input, the public notice and the expert's read-only materials."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kechuang.programs import services
from kechuang.programs.choices import ApplicationStatus as S
from kechuang.programs.models import Application, Call
from kechuang.programs.tests.test_deciding import score_and_close, to_review
from kechuang.review import services as review
from kechuang.review.selectors import panel_for_owner
from tests import app_factories as af

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_queue_filters_and_constant_query_count(client, cast, world):
    for n in range(30):
        af.ProgramApplicationFactory(
            topic=world.topic, organization=cast.org, status=S.SUBMITTED, title=f"项目{n:02d}"
        )
    client.force_login(cast.officer)
    counts = {}
    for size in (20, 50):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/programs/officer/", {"status": "submitted", "size": size})
        assert response.status_code == 200
        counts[size] = len(ctx.captured_queries)
    assert counts[20] == counts[50]
    assert "已提交，待推荐（30）" in response.content.decode()
    response = client.get("/programs/officer/", {"status": "submitted", "q": "项目07"})
    assert [a.title for a in response.context["page"]] == ["项目07"]
    response = client.get("/programs/officer/", {"status": "submitted", "call": str(world.call.pk + 99)})
    assert len(response.context["page"].object_list) == 0


def test_bulk_forged_or_hidden_ids_are_404_and_nothing_moves(client, cast, world):
    app = af.ProgramApplicationFactory(topic=world.topic, organization=cast.org, status=S.SUBMITTED)
    client.force_login(cast.officer)
    data = {"ids": [app.pk, 10**9], "to": "recommended", "status": "submitted"}
    assert client.post("/programs/officer/bulk/", data).status_code == 404
    response = client.post("/programs/officer/bulk/", {**data, "ids": [app.pk, "x"]}, follow=True)
    assert "操作不正确，请刷新页面后重试。" in _messages(response)
    assert Application.objects.get(pk=app.pk).status == S.SUBMITTED
    client.force_login(cast.other_officer)
    assert client.post("/programs/officer/bulk/", {**data, "ids": [app.pk]}).status_code == 404
    client.force_login(cast.officer)
    response = client.post("/programs/officer/bulk/", {**data, "ids": [app.pk]}, follow=True)
    assert "已处理1项。" in _messages(response)


def test_ranking_page_funds_and_refuses_a_stale_page(client, cast, world):
    services.call_review_scheme_set(call=world.call, actor=cast.officer, indicators_text="综合|100",
                                    experts_per_item=3, publicity_days=7)  # fmt: skip
    app = to_review(cast, world)
    score_and_close(cast, Call.objects.get(pk=world.call.pk))
    client.force_login(cast.officer)
    url = f"/programs/calls/{world.call.pk}/decision/"
    client.post(url + "collect/")
    response = client.get(url)
    assert response.status_code == 200 and "80.00" in response.content.decode()
    version = Call.objects.get(pk=world.call.pk).version
    response = client.post(url + "fund/", {"version": version, f"amount_{app.pk}": "50"}, follow=True)
    assert "已确定1个拟立项项目。" in _messages(response)
    assert Application.objects.get(pk=app.pk).funded_amount == Decimal("50")
    response = client.post(url + "fund/", {"version": version, f"amount_{app.pk}": "50"}, follow=True)
    assert "该记录已被他人修改，请刷新页面后重试。" in _messages(response)
    response = client.post(url + "fund/", {"version": "x", "amount_y": "50"}, follow=True)
    assert "操作不正确，请刷新页面后重试。" in _messages(response)
    client.post(url + "publicity/")
    public = client.get(f"/programs/calls/{world.call.pk}/publicity/").content.decode()
    assert app.title in public and "50.00" in public


def test_experts_read_materials_only_of_their_tasks(client, cast, world):
    services.call_review_scheme_set(call=world.call, actor=cast.officer, indicators_text="综合|100",
                                    experts_per_item=3, publicity_days=7)  # fmt: skip
    app = to_review(cast, world)
    experts = [af.ExpertFactory() for _ in range(3)]
    review.panel_assign(panel=panel_for_owner(owner=world.call), actor=cast.officer, experts=experts)
    client.force_login(experts[0].user)
    tasks = client.get("/programs/expert/").content.decode()
    assert f"/programs/expert/applications/{app.pk}/" in tasks
    page = client.get(f"/programs/expert/applications/{app.pk}/")
    assert page.status_code == 200 and "申请发明专利" in page.content.decode()
    outsider = af.ExpertFactory()
    client.force_login(outsider.user)
    assert client.get(f"/programs/expert/applications/{app.pk}/").status_code == 404


def test_api_bulk_and_funding(cast, world):
    from rest_framework.test import APIClient

    services.call_review_scheme_set(call=world.call, actor=cast.officer, indicators_text="综合|100",
                                    experts_per_item=3, publicity_days=7)  # fmt: skip
    app = to_review(cast, world)
    api = APIClient()
    api.force_authenticate(cast.officer)
    url = f"/api/v1/programs/calls/{world.call.pk}/funding/"
    refused = api.post(url, {"amounts": [{"application": app.pk, "amount": "50"}]}, format="json")
    assert (
        refused.status_code == 400 and refused.json()["message"] == "专家评审尚未结束，评分封存中，不能立项。"
    )
    score_and_close(cast, Call.objects.get(pk=world.call.pk))
    services.review_results_collect(call=world.call, actor=cast.officer)
    forged = api.post(url, {"amounts": [{"application": 10**9, "amount": "50"}]}, format="json")
    assert forged.status_code == 404
    funded = api.post(url, {"amounts": [{"application": app.pk, "amount": "50"}]}, format="json")
    assert funded.status_code == 200 and funded.json()[0]["status"] == "approved"
    assert funded.json()[0]["funded_amount"] == "50.00"
    bulk = api.post(
        "/api/v1/programs/applications/bulk-transition/", {"ids": [app.pk], "to": "publicity"}, format="json"
    )
    assert bulk.status_code == 200 and bulk.json() == {"processed": 1}
    assert Application.objects.get(pk=app.pk).status == S.PUBLICITY
