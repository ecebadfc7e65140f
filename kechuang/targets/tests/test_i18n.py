"""Every msgid of the targets app has an English translation in its (compiled) catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_targets_msgid_translated_and_compiled() -> None:
    text = PO.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n")[1:] if "msgid" in b]
    assert len(blocks) > 180
    for block in blocks:
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.M)
        assert strs and all(strs), block
    assert "#, fuzzy" not in text
    assert PO.with_suffix(".mo").is_file()
    with translation.override("en"):
        assert (
            translation.gettext("截至日期不能晚于规划截止日期。")
            == "The as-of date cannot be after the plan's end."
        )
        assert translation.gettext("明显落后于序时进度,按趋势预计不能按期完成") == (
            "Well behind the straight path; the trend misses the target"
        )
