import datetime as dt

import pytest
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.registry.models import Organization
from kechuang.registry.services import clean_date
from kechuang.registry.services_members import enterprise_signup
from kechuang.registry.validators import clean_uscc

pytestmark = pytest.mark.django_db

VALID = "91340600MA2PBM9HXD"  # a real code from python-stdnum's test data


def _signup(uscc: str, username: str = "acme") -> None:
    enterprise_signup(
        username=username,
        password="Kechuang-2026",
        email="a@example.cn",
        display_name="张三",
        uscc=uscc,
        organization_data={"name": "淮北测试有限公司", "region": "340600"},
    )


def test_wrong_check_digit_says_which_digit_and_writes_nothing():
    before = AuditRecord.objects.count()
    with pytest.raises(ApplicationError) as exc:
        _signup(VALID[:-1] + "A")
    assert exc.value.message == "统一社会信用代码校验位错误：第18位应为“D”，而不是“A”。请核对后重新输入。"
    assert Organization.objects.count() == 0 and AuditRecord.objects.count() == before


def test_signup_creates_pending_org_with_admin_and_audit():
    _signup(VALID)
    org = Organization.objects.get(uscc=VALID)
    assert org.verification_status == "pending"
    assert org.memberships.get().role == "admin"
    assert (
        AuditRecord.objects.filter(target_type="registry.organization", action="organization.create").count()
        == 1
    )


def test_duplicate_uscc_refused():
    _signup(VALID)
    with pytest.raises(ApplicationError, match="已登记"):
        _signup(VALID, username="other")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9134060", "统一社会信用代码应为18位，您输入了7位。"),
        ("91340600MA2PBM9HIO", "统一社会信用代码含有不允许的字符“I”（不使用 I、O、Z、S、V）。"),
        ("", "请填写统一社会信用代码。"),
    ],
)
def test_uscc_messages(value, message):
    with pytest.raises(ApplicationError) as exc:
        clean_uscc(value)
    assert exc.value.message == message


def test_future_date_refused_whether_typed_or_a_date_object():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for value in (tomorrow, dt.datetime.combine(tomorrow, dt.time()), tomorrow.isoformat()):
        with pytest.raises(ApplicationError) as exc:
            clean_date(value, field="founded_on", label="成立日期")
        assert exc.value.message == "成立日期不能晚于今天。"
    assert clean_date(tomorrow, field="valid_to", label="有效期止", allow_future=True) == tomorrow
