"""Publishing a project's achievement asks technology readiness as the market's nine plain sentences (the
same field the market's own forms use), not as a number to type."""

from __future__ import annotations

from kechuang.market.forms import TRL_CHOICES, AchievementForm
from kechuang.programs.forms_execution import PublishForm


def test_readiness_is_the_markets_sentences() -> None:
    form = PublishForm()
    html = str(form["trl"])
    assert html.startswith("<select") and "7级：样机或系统在实际使用环境中演示成功" in html
    assert form.fields["trl"].choices == AchievementForm().fields["trl"].choices == TRL_CHOICES
    data = {"maturity": "pilot", "transfer_modes": ["许可"], "keywords": ""}
    valid = PublishForm({**data, "trl": "7"})
    assert valid.is_valid(), valid.errors
    assert valid.cleaned_data["trl"] == 7
    for bad in ("", "10", "七"):
        assert not PublishForm({**data, "trl": bad}).is_valid(), bad
