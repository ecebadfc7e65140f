"""Organization names lose bidi overrides and zero-width characters; a name made only of them is refused."""

from __future__ import annotations

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.registry.services import clean_organization_data


def test_invisible_and_bidi_characters_are_removed():
    out = clean_organization_data({"name": "长春\u200b启明\u202e光电\ufeff科技  有限公司"}, partial=True)
    assert out["name"] == "长春启明光电科技 有限公司"


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u202e\u200d", " \u2060 "])
def test_a_name_of_invisible_characters_only_is_refused(name):
    with pytest.raises(ApplicationError) as exc:
        clean_organization_data({"name": name}, partial=True)
    assert exc.value.message == "请填写主体名称。"
