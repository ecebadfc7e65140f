"""The API's writes for agencies, orders, vouchers and commissioners call the pages' services, so the same
rules refuse the same things with the same Chinese messages (``{"message", "extra"}``, 400)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from kechuang.resources.choices import LogStatus, OrderStatus
from kechuang.resources.models import AgencyService, Redemption, ServiceOrder, WorkLog
from tests.world import World

pytestmark = pytest.mark.django_db
API = "/api/v1/resources"


@pytest.fixture
def w(cast) -> World:  # type: ignore[no-untyped-def]
    return World(cast)


def _post(user: Any, url: str, data: dict[str, Any]) -> Any:
    api = APIClient()
    api.force_login(user)
    return api.post(f"{API}{url}", data, format="json")


def _refused(response: Any, message: str) -> None:
    assert response.status_code == 400, response.content
    assert response.json()["message"] == message


def test_an_agency_lists_a_service_with_the_pages_rules(w):
    url = f"/agencies/{w.agency.pk}/services/"
    item = {"name": "金相组织分析", "kind": "testing", "price": "800", "region_served": "220100"}
    _refused(_post(w.cast.other_org_admin, url, item), "您无权执行此操作。")
    _refused(_post(w.agency_admin, url, {**item, "region_served": "999999"}), "服务地区代码不存在。")
    _refused(_post(w.agency_admin, url, {**item, "price": "-1"}), "参考价格不能为负数。")
    _refused(_post(w.agency_admin, url, {**item, "owner": 1}), "不支持的字段：owner。")
    response = _post(w.agency_admin, url, item)
    assert response.status_code == 201
    assert response.json()["kind_label"] == "检验检测" and response.json()["region_served"] == "长春市"
    assert AgencyService.objects.get(pk=response.json()["id"]).unit == "次"


def test_delivery_of_an_order(w):
    url = f"/orders/{w.accepted_order.pk}/delivery/"
    delivery = {"fee": "1800.00", "delivery_note": "出具检测报告"}
    _refused(_post(w.cast.org_admin, url, delivery), "您无权执行此操作。")
    _refused(_post(w.agency_admin, url, {**delivery, "fee": "-5"}), "服务费不能为负数。")
    _refused(_post(w.agency_admin, url, {**delivery, "delivery_note": " "}), "请填写交付说明。")
    _refused(_post(w.agency_admin, url, {**delivery, "version": 7}), "该记录已被他人修改，请刷新页面后重试。")
    _refused(
        _post(w.agency_admin, f"/orders/{w.service_order.pk}/delivery/", delivery),
        "不能从“待受理”变更为“已交付”。",
    )
    response = _post(w.agency_admin, url, delivery)
    assert response.status_code == 200
    body = response.json()
    assert (body["status_label"], body["fee"], body["delivery_note"]) == ("已交付", "1800.00", "出具检测报告")
    assert ServiceOrder.objects.get(pk=w.accepted_order.pk).status == OrderStatus.DELIVERED
    _refused(_post(w.agency_admin, url, delivery), "不能从“已交付”变更为“已交付”。")


def test_a_voucher_pays_a_delivered_order_once(w):
    url = f"/vouchers/{w.voucher.pk}/redemptions/"
    _refused(
        _post(w.cast.org_admin, url, {"booking": w.used_booking.pk, "order": w.delivered_order.pk}),
        "请指定要抵扣的一次预约或一项服务委托（二者选一）。",
    )
    _refused(_post(w.cast.org_admin, url, {}), "请指定要抵扣的一次预约或一项服务委托（二者选一）。")
    _refused(_post(w.cast.org_admin, url, {"order": w.service_order.pk}), "只能对已交付的服务抵扣创新券。")
    response = _post(w.cast.org_admin, url, {"order": w.delivered_order.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["order"], body["booking"]) == (w.delivered_order.pk, None)
    redemption = Redemption.objects.get(pk=body["id"])
    assert redemption.amount == Decimal(body["amount"]) > 0
    _refused(
        _post(w.cast.org_admin, url, {"order": w.delivered_order.pk}),
        "该创新券已用于此项服务，不能重复使用。",
    )
    assert _post(w.cast.other_org_admin, url, {"order": w.delivered_order.pk}).status_code == 404


def test_commissioner_logs_and_the_host_confirms_or_disputes(w):
    dispatch = w.dispatch
    url = f"/dispatches/{dispatch.pk}/logs/"
    log = {
        "kind": "training",
        "worked_on": dispatch.starts_on.isoformat(),
        "summary": "数控机床操作培训",
        "trainees": 25,
    }
    _refused(_post(w.cast.org_admin, url, log), "您无权执行此操作。")
    late = (dispatch.starts_on - dt.timedelta(days=1)).isoformat()
    response = _post(w.commissioner_user, url, {**log, "worked_on": late})
    assert response.status_code == 400 and response.json()["message"].startswith("日期须在派驻期内（")
    _refused(_post(w.commissioner_user, url, {**log, "summary": " "}), "请填写工作内容。")
    created = _post(w.commissioner_user, url, log)
    assert created.status_code == 201
    assert (created.json()["kind_label"], created.json()["status_label"]) == ("技术培训", "待确认")
    moves = f"/worklogs/{created.json()['id']}/transitions/"
    _refused(_post(w.cast.org_admin, moves, {"to": "confirmed"}), "确认工作记录时请给出1至5分的评分。")
    _refused(_post(w.cast.org_admin, moves, {"to": "confirmed", "rating": 7}), "评分应为1至5分。")
    _refused(_post(w.commissioner_user, moves, {"to": "confirmed", "rating": 5}), "您无权执行此操作。")
    _refused(_post(w.cast.org_admin, moves, {"to": "disputed"}), "请说明异议。")
    confirmed = _post(w.cast.org_admin, moves, {"to": "confirmed", "rating": 5, "comment": "培训扎实"})
    assert confirmed.status_code == 200
    assert (confirmed.json()["status_label"], confirmed.json()["rating"]) == ("已确认", 5)
    _refused(
        _post(w.cast.org_admin, moves, {"to": "disputed", "comment": "x"}), "不能从“已确认”变更为“有异议”。"
    )
    disputed = _post(
        w.cast.org_admin, f"/worklogs/{w.worklog.pk}/transitions/", {"to": "disputed", "comment": "未到现场"}
    )
    assert disputed.json()["status_label"] == "有异议"
    assert WorkLog.objects.get(pk=w.worklog.pk).status == LogStatus.DISPUTED
