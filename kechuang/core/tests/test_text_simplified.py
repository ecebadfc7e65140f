"""The t2s shortcut never changes a result: it skips only texts the converter would leave as they are."""

from django.db.models import Q

from kechuang.core.text import _t2s, _t2s_trigger_chars, contains_text_q, normalize_for_search, to_simplified


def _dictionary_keys() -> list[str]:
    keys: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, tuple):
            keys.extend(node[-1])

    walk(_t2s()._dict_chain_data)
    return keys


def test_shortcut_is_in_effect_and_agrees_with_opencc_on_every_dictionary_key():
    assert _t2s_trigger_chars() is not None
    keys = _dictionary_keys()
    assert len(keys) > 4000
    for key in keys:
        for text in (key, f"长春{key}科技有限公司"):
            assert to_simplified(text) == _t2s().convert(text), text


def test_examples():
    assert to_simplified("長春光華微電子有限公司") == "长春光华微电子有限公司"
    assert to_simplified("回覆函") == _t2s().convert("回覆函")
    assert normalize_for_search("長春　光華 ＡＢＣ") == "长春 光华 abc"


def test_contains_text_q_matches_the_text_as_typed_or_normalised_in_any_field():
    assert contains_text_q("  ", "title") == Q()
    match = contains_text_q(" 長春 ", "title", "number")
    assert set(match.children) == {
        ("title__icontains", "長春"),
        ("title__icontains", "长春"),
        ("number__icontains", "長春"),
        ("number__icontains", "长春"),
    }
    assert match.connector == Q.OR
