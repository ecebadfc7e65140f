"""The quality app's English catalogue: every msgid translated, the compiled file committed and used."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_msgid_has_an_english_translation():
    text = PO.read_text(encoding="utf-8")
    entries = re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', text, re.M)
    joined = [("".join(re.findall(r'"(.*)"', i)), "".join(re.findall(r'"(.*)"', s))) for i, s in entries]
    assert len(joined) > 150
    assert [i for i, s in joined if i and not s] == []
    assert "#, fuzzy" not in text


def test_the_catalogue_is_used():
    with translation.override("en"):
        assert (
            translation.gettext("只有投诉人可以办结投诉。") == "Only the complainant may close the complaint."
        )
        assert translation.gettext("投诉与维权") == "Complaints"
