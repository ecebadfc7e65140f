"""CNIPA application numbers: the check digit and the messages the register shows."""

from __future__ import annotations

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.quality.cnipa import InvalidApplicationNumber, check_digit, parse_application_number
from kechuang.quality.services.ip import clean_application_no


def test_check_digit_weights_cycle_two_to_nine():
    # 2·2+0·3+2·4+3·5+1·6+0·7+1·8+2·9+3·2+4·3+5·4+6·5 = 127; 127 mod 11 = 6
    assert check_digit("202310123456") == "6"
    # the old 8-digit form: 0·2+3·3+1·4+0·5+1·6+2·7+3·8+4·9 = 93; 93 mod 11 = 5
    assert check_digit("03101234") == "5"


def test_remainder_ten_is_written_x():
    body = next(f"20232{n:07d}" for n in range(1000) if check_digit(f"20232{n:07d}") == "X")
    assert parse_application_number(f"{body}.X") == (f"{body}.X", "utility")
    assert parse_application_number(f"{body}.x")[0] == f"{body}.X"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CN202310123456.6", ("202310123456.6", "invention")),
        ("202310123456.6", ("202310123456.6", "invention")),
        ("2023101234566", ("202310123456.6", "invention")),
        (" cn 202310123456.6 ", ("202310123456.6", "invention")),
        ("ZL202330123456.7", ("202330123456.7", "design")),
        ("03101234.5", ("03101234.5", "invention")),
        ("202380123456.4", ("202380123456.4", "invention")),  # PCT invention entering China
    ],
)
def test_accepted_forms_are_normalised(raw, expected):
    assert parse_application_number(raw) == expected


def test_wrong_check_digit_names_the_right_one():
    with pytest.raises(ApplicationError) as exc:
        clean_application_no("CN202310123456.7")
    assert exc.value.message == "申请号“CN202310123456.7”的校验位不正确（应为 6）。"
    assert exc.value.extra == {"field": "application_no", "code": "check"}


def test_not_a_number():
    with pytest.raises(ApplicationError) as exc:
        clean_application_no("2023-1012")
    assert exc.value.message == "申请号“2023-1012”不符合国家知识产权局申请号格式（如 202310123456.6）。"


def test_unknown_kind_digit():
    body = "202340123456"
    with pytest.raises(InvalidApplicationNumber) as raw:
        parse_application_number(f"{body}.{check_digit(body)}")
    assert raw.value.code == "kind"
    with pytest.raises(ApplicationError) as exc:
        clean_application_no(f"{body}.{check_digit(body)}")
    assert exc.value.message == f"申请号“{body}.{check_digit(body)}”中的专利类型代码不正确。"
