"""Issue 13 in the market: plain-phrase reasons, experts matched on their work with a substantive
overlap, and why one suggestion is above another."""

from __future__ import annotations

import re

from kechuang.market import search, selectors, services
from kechuang.market.selectors.matching import explain_hit
from kechuang.market.tests.conftest import demand_data
from kechuang.matching import Explanation, Feature, Hit
from kechuang.registry.models import Expert


def test_reasons_are_plain_phrases_without_scores(cast, published, background):
    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    achievements = selectors.demand_suggestions(user=cast.org_admin, demand=d)["achievements"]
    assert achievements and achievements[0].obj.pk == published.pk
    reasons = [r for s in achievements for r in s.reasons]
    assert reasons and not any(re.search(r"\d\.\d|[+-]\d", r) for r in reasons), reasons
    assert not any("C3" in r for r in reasons)  # no bare industry code
    # every suggestion shares something specific, or is close in content, or in the same field
    for s in achievements:
        assert any(r.startswith(("共同词语", "内容", "同属领域")) for r in s.reasons), (
            s.obj.title,
            s.reasons,
        )


def test_an_expert_is_matched_on_the_achievements_they_took_part_in(cast, university, uni_admin, published):
    # 张三 is among the inventors of the published magnesium die-casting achievement
    zhang = Expert.objects.create(name="张三", title="教授", organization=university)
    services.expert_profile_set(expert=zhang, actor=cast.admin, keywords=["成形"], bio="")
    doc = search.expert_document(zhang, zhang.market_profile)
    assert "稀土镁合金高压压铸技术" in doc.abstract and "压铸" in doc.keywords
    generic = Expert.objects.create(name="孙工", title="高级工程师")
    services.expert_profile_set(expert=generic, actor=cast.admin, keywords=["材料"], bio="材料")
    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    experts = selectors.demand_suggestions(user=cast.org_admin, demand=d)["experts"]
    assert [e.obj.pk for e in experts] == [zhang.pk]
    assert any("压铸" in r for r in experts[0].reasons)


def test_why_one_suggestion_is_above_another(cast, published, background):
    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    achievements = selectors.demand_suggestions(user=cast.org_admin, demand=d)["achievements"]
    first, second = achievements[0], achievements[1]
    assert second.previous_id == first.obj.pk and first.previous_id is None
    lines = selectors.why_above(user=cast.org_admin, demand=d, above_id=first.obj.pk, below_id=second.obj.pk)
    assert lines and any(first.obj.title in line for line in lines)
    assert not any(re.search(r"\d\.\d", line) for line in lines)
    # asked the other way round, the answer is the same (the higher one is explained)
    assert lines == selectors.why_above(
        user=cast.org_admin, demand=d, above_id=second.obj.pk, below_id=first.obj.pk
    )
    assert selectors.why_above(user=cast.org_admin, demand=d, above_id=first.obj.pk, below_id=10**9) == []


def test_words_standing_in_for_an_unknown_word_are_named_as_related_not_shared():
    hit = Hit(id="a1", score=1.0, attrs={})
    hit.explanation = Explanation([Feature("terms", 0.5, []), Feature("related", 0.0, ["铁矿", "金矿"])])
    assert explain_hit(hit) == ["相近词语：铁矿、金矿"]
