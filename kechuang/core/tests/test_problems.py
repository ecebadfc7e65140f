"""Inputs whose problems are all reported at once: ``collect`` gathers them, ``raise_problems`` refuses."""

import pytest

from kechuang.core.errors import ApplicationError, collect, raise_problems


def _refuse() -> int:
    raise ApplicationError("请选择地区。")


def test_collect_returns_the_value_or_records_the_refusal():
    problems: dict[str, str] = {}
    assert collect(problems, "year", lambda: 2025) == 2025
    assert collect(problems, "region", _refuse) is None
    assert problems == {"region": "请选择地区。"}


def test_raise_problems_names_the_first_field_and_carries_them_all():
    raise_problems({})
    with pytest.raises(ApplicationError) as exc:
        raise_problems({"name": "请填写名称。", "region": "请选择地区。"})
    assert exc.value.message == "请填写名称。"
    assert exc.value.extra == {"field": "name", "fields": {"name": "请填写名称。", "region": "请选择地区。"}}
