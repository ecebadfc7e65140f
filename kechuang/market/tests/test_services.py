from __future__ import annotations

import datetime as dt

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, Notification
from kechuang.market import search, selectors, services
from kechuang.market.choices import AchievementStatus, ContactStatus, DemandStatus
from kechuang.market.models import Achievement, TechContract
from kechuang.registry.models import Expert

from .conftest import achievement_data, demand_data


def test_achievement_is_public_only_after_review(cast, university, uni_admin):
    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    assert a.status == AchievementStatus.DRAFT
    assert not selectors.achievement_list(user=cast.norole).filter(pk=a.pk).exists()
    services.achievement_submit(achievement=a, actor=uni_admin)
    assert str(a.pk) not in search.get_index("achievements")
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.achievement_review(achievement=a, actor=cast.other_officer, approve=True)
    services.achievement_review(achievement=a, actor=cast.officer, approve=True)
    a.refresh_from_db()
    assert a.status == AchievementStatus.PUBLISHED
    assert a.expires_on == dt.date.today() + services.PUBLICATION_PERIOD
    assert selectors.achievement_list(user=cast.norole).filter(pk=a.pk).exists()
    assert str(a.pk) in search.get_index("achievements")
    assert AuditRecord.objects.filter(target_id=str(a.pk), action="market.achievement_create").exists()


def test_rejection_needs_a_reason(cast, university, uni_admin):
    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    services.achievement_submit(achievement=a, actor=uni_admin)
    with pytest.raises(ApplicationError, match="请填写审核意见。"):
        services.achievement_review(achievement=a, actor=cast.officer, approve=False)
    services.achievement_review(achievement=a, actor=cast.officer, approve=False, note="缺少专利证明")
    a.refresh_from_db()
    assert a.status == AchievementStatus.REJECTED and a.review_note == "缺少专利证明"


def test_posting_twice_is_refused(cast, university, uni_admin):
    services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    with pytest.raises(ApplicationError, match="本单位已有同名成果，请勿重复发布。"):
        services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    assert Achievement.objects.count() == 1


def test_bad_input_messages(cast, university, uni_admin):
    with pytest.raises(ApplicationError, match="技术就绪度必须是1到9的整数。"):
        services.achievement_create(actor=uni_admin, owner=university, data=achievement_data(trl=12))
    with pytest.raises(ApplicationError, match="请填写成果名称。"):
        services.achievement_create(actor=uni_admin, owner=university, data=achievement_data(title="  "))
    with pytest.raises(ApplicationError, match="转化方式中的“赠送”无效。"):
        services.achievement_create(
            actor=uni_admin, owner=university, data=achievement_data(transfer_modes=["赠送"])
        )
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.achievement_create(actor=cast.org_admin, owner=university, data=achievement_data())
    assert Achievement.objects.count() == 0


def test_html_is_stored_as_text(cast, university, uni_admin):
    a = services.achievement_create(
        actor=uni_admin, owner=university, data=achievement_data(summary="<script>alert(1)</script>镁合金")
    )
    assert a.summary == "<script>alert(1)</script>镁合金"


def test_expiry_and_renewal(published, uni_admin):
    Achievement.objects.filter(pk=published.pk).update(expires_on=dt.date.today() - dt.timedelta(days=1))
    assert services.achievements_expire_due() == 1
    published.refresh_from_db()
    assert published.status == AchievementStatus.EXPIRED
    assert str(published.pk) not in search.get_index("achievements")
    services.achievement_renew(achievement=published, actor=uni_admin)
    published.refresh_from_db()
    assert published.status == AchievementStatus.PUBLISHED
    assert str(published.pk) in search.get_index("achievements")


def test_demand_suggestions_are_explained(cast, published, background):
    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    assert d.status == DemandStatus.OPEN
    result = selectors.demand_suggestions(user=cast.org_admin, demand=d)
    top = result["achievements"][0]
    assert top.obj.pk == published.pk
    assert any(r.startswith("共同词语：") for r in top.reasons)
    assert result["institutions"][0].obj.name == "吉林大学"
    # an immature coating achievement is marked as below the demand's TRL
    coating = next(s for s in result["achievements"] if "微弧氧化" in s.obj.title)
    assert any("低于要求的 5" in r for r in coating.reasons)


def test_feedback_changes_the_ranking(cast, published, background):
    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    before = [s.obj.pk for s in selectors.demand_suggestions(user=cast.org_admin, demand=d)["achievements"]]
    services.match_feedback_record(
        actor=cast.org_admin,
        source=d,
        target_kind="achievement",
        target_id=before[0],
        useful=False,
        reason="already_known",
    )
    after = [s.obj.pk for s in selectors.demand_suggestions(user=cast.org_admin, demand=d)["achievements"]]
    assert after[0] != before[0]
    assert before[0] not in after[:3]  # "not useful" from the same requester sinks it


def test_suggestions_only_for_the_owner(cast, published):
    from django.http import Http404

    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    with pytest.raises(Http404):
        selectors.demand_suggestions(user=cast.other_org_admin, demand=d)


def test_contact_flow_reveals_confidential_part(cast, published):
    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    assert not selectors.demand_confidential_visible(user=cast.other_org_admin, demand=d)
    c = services.contact_create(
        actor=cast.other_org_admin, from_org=cast.other_org, demand=d, message="我们有方案"
    )
    assert Notification.objects.filter(recipient=cast.org_admin, kind="market.contact").exists()
    with pytest.raises(ApplicationError, match="您已就此发起过对接，请在原对接中继续沟通。"):
        services.contact_create(actor=cast.other_org_admin, from_org=cast.other_org, demand=d, message="再次")
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.contact_respond(contact=c, actor=cast.other_org_admin, accept=True)
    services.contact_respond(contact=c, actor=cast.org_admin, accept=True)
    assert c.status == ContactStatus.ACCEPTED
    assert selectors.demand_confidential_visible(user=cast.other_org_admin, demand=d)
    services.contact_message_post(contact=c, actor=cast.other_org_admin, body="何时方便面谈？")
    services.contact_message_post(contact=c, actor=cast.org_admin, body="下周二")
    assert c.messages.count() == 2
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.contact_message_post(contact=c, actor=cast.norole, body="插话")
    assert AuditRecord.objects.filter(action="market.contact_accept").count() == 1


def test_cannot_contact_own_item(cast, university, uni_admin, published):
    with pytest.raises(ApplicationError):
        services.contact_create(actor=uni_admin, from_org=university, achievement=published, message="自己")


def test_contract_registration_and_statistics(cast, university):
    data = {
        "seller": university,
        "buyer": cast.org,
        "contract_type": "transfer",
        "title": "镁合金压铸技术转让",
        "amount": "800000",
        "tech_amount": "900000",
        "signed_on": "2026-03-01",
    }
    with pytest.raises(ApplicationError, match="技术交易额不能大于合同金额。"):
        services.contract_register(actor=cast.officer, data=data)
    data["tech_amount"] = "700000"
    with pytest.raises(ApplicationError, match="只有卖方所在地区的登记机关可以登记该合同。"):
        services.contract_register(actor=cast.other_officer, data=data)
    c = services.contract_register(actor=cast.officer, data=data)
    assert c.registration_no == "22010220260000 01".replace(" ", "")
    services.contract_register(
        actor=cast.officer, data={**data, "contract_type": "service", "title": "检测服务"}
    )
    stats = selectors.contract_statistics(user=cast.officer)
    assert {r["key"]: r["count"] for r in stats["by_type"]} == {"transfer": 1, "service": 1}
    assert stats["by_region"][0]["tech_amount"] == 1_400_000
    assert selectors.contract_list(user=cast.other_officer).count() == 0
    assert selectors.contract_list(user=cast.org_admin).count() == 2  # the buyer
    assert TechContract.objects.count() == 2


def test_saved_search_notifies_on_publication(
    cast, university, uni_admin, django_capture_on_commit_callbacks
):
    services.saved_search_create(actor=cast.org_admin, name="镁合金", kind="achievement", query="镁合金压铸")
    with django_capture_on_commit_callbacks(execute=True):
        a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
        services.achievement_submit(achievement=a, actor=uni_admin)
        services.achievement_review(achievement=a, actor=cast.officer, approve=True)
    n = Notification.objects.get(recipient=cast.org_admin, kind="market.saved_search")
    assert "稀土镁合金高压压铸技术" in n.title


def test_saved_search_bad_filter(cast):
    with pytest.raises(ApplicationError, match="筛选条件无效"):
        services.saved_search_create(
            actor=cast.org_admin, name="x", kind="achievement", query="x", filters={"foo": 1}
        )


@pytest.mark.parametrize(
    ("start", "to"),
    [(s, t) for s in AchievementStatus.values for t in AchievementStatus.values if s != t],
)
def test_achievement_transition_table(cast, university, uni_admin, start, to):
    from kechuang.core.workflow import transition
    from kechuang.market.choices import ACHIEVEMENT_TRANSITIONS

    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    Achievement.objects.filter(pk=a.pk).update(status=start)
    a.refresh_from_db()
    if to in ACHIEVEMENT_TRANSITIONS[start]:
        transition(obj=a, to=to, actor=cast.admin, transitions=ACHIEVEMENT_TRANSITIONS)
        a.refresh_from_db()
        assert a.status == to
    else:
        with pytest.raises(ApplicationError, match="不能从"):
            transition(obj=a, to=to, actor=cast.admin, transitions=ACHIEVEMENT_TRANSITIONS)


def test_experts_are_suggested_for_a_demand(cast, published):
    expert = Expert.objects.create(name="王教授", title="教授", organization=published.owner)
    services.expert_profile_set(
        expert=expert, actor=cast.admin, keywords=["镁合金", "压铸", "轻量化"], bio="镁合金成形"
    )
    other = Expert.objects.create(name="赵研究员", title="研究员")
    services.expert_profile_set(expert=other, actor=cast.admin, keywords=["水稻育种"], bio="作物遗传")
    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    experts = selectors.demand_suggestions(user=cast.org_admin, demand=d)["experts"]
    assert experts and experts[0].obj.pk == expert.pk
    assert any(r.startswith("共同词语") for r in experts[0].reasons)
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.expert_profile_set(expert=other, actor=cast.org_admin, keywords=["x"])
