"""Every msgid of the resources app has an English translation in its compiled catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_resources_msgid_translated_and_compiled() -> None:
    text = PO.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n")[1:] if "msgid" in b]
    assert len(blocks) > 150
    for block in blocks:
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.M)
        assert strs and all(strs), block
    assert "#, fuzzy" not in text
    assert PO.with_suffix(".mo").is_file()
    with translation.override("en"):
        assert translation.gettext("该创新券已用于此次预约，不能重复使用。") == (
            "This voucher has already been redeemed for this booking."
        )
        assert translation.gettext("该仪器当前“%(status)s”，暂不接受预约。") == (
            'The instrument is "%(status)s" and takes no bookings now.'
        )
