"""The technology market: published achievements, public demands (without their confidential part) and
published events are public; drafts and submissions are the owner's members' and the officers' of the
owner's region subtree (any department), who review achievements; contacts belong to the two
organizations; events are managed by the organizer's members and the officers of the event's region
subtree; contracts are seen by their parties and those officers, who register them
(kechuang/market/permissions.py). Acting for an organization one is not a member of is refused with 400
in the API ("您无权以该单位名义操作。") and a message on a page.
"""

from __future__ import annotations

from kechuang.market.models import (
    Achievement,
    Contact,
    Demand,
    EventItem,
    EventOutcome,
    EventRegistration,
    MatchmakingEvent,
    SavedSearch,
    TechContract,
)
from tests.matrix import LOGIN, PUBLIC, SIGNED_IN, Row, any_officer, officers_of_region, only_own

ORG_MEMBERS = (LOGIN, 404, 200, 404, 404, 200)  # pages for members of any organization


def _pk(attr: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


def _status(model, obj) -> str:  # type: ignore[no-untyped-def]
    return model.objects.get(pk=obj.pk).status


def _draft_published(w) -> bool:  # type: ignore[no-untyped-def]
    return MatchmakingEvent.objects.filter(title="筹备中的对接会", status="published").exists()


def _achievement_data(w):  # type: ignore[no-untyped-def]
    return {
        "owner": w.cast.org.pk,
        "title": "镁合金微弧氧化防腐涂层",
        "summary": "镁合金表面微弧氧化陶瓷涂层，提高耐腐蚀性。",
        "keywords": ["镁合金", "微弧氧化"],
        "maturity": "pilot",
        "trl": 5,
        "transfer_modes": ["转让"],
    }


def _demand_data(w):  # type: ignore[no-untyped-def]
    return {"owner": w.cast.org.pk, "title": "轻量化轮毂材料", "problem": "需要镁合金压铸轻量化技术。"}


ROWS = [
    Row("market:home", PUBLIC),
    Row("market:achievement_list", PUBLIC),
    Row("market:achievement_mine", SIGNED_IN, why="the user's organizations' (none: empty)"),
    Row("market:achievement_create", ORG_MEMBERS, why="members of an organization publish for it"),
    Row("market:achievement_export", PUBLIC, why="the rows the user may see"),
    Row("market:achievement_detail", PUBLIC, kwargs=_pk("achievement")),
    Row(
        "market:achievement_detail",
        officers_of_region(200, anonymous=404),
        own="org_member",
        kwargs=_pk("draft_achievement"),
        case="draft",
        why="a draft: the owner's members and the officers of its region subtree",
    ),
    Row(
        "market:achievement_action",
        only_own(302),
        own="org_member",
        kwargs=lambda w: {"pk": w.draft_achievement.pk, "action": "submit"},
        method="POST",
        effect=lambda w: _status(Achievement, w.draft_achievement) == "submitted",
        case="submit",
    ),
    Row(
        "market:achievement_action",
        officers_of_region(302),
        own="officer",
        kwargs=lambda w: {"pk": w.submitted_achievement.pk, "action": "approve"},
        method="POST",
        effect=lambda w: _status(Achievement, w.submitted_achievement) == "published",
        writers=frozenset({"other_department", "own"}),
        case="approve",
    ),
    Row("market:review_queue", any_officer(200), own="officer"),
    Row("market:demand_list", PUBLIC),
    Row("market:demand_create", ORG_MEMBERS),
    Row("market:demand_detail", PUBLIC, kwargs=_pk("demand")),
    Row(
        "market:demand_feedback",
        only_own(302),
        kwargs=_pk("demand"),
        method="POST",
        data=lambda w: {"target_kind": "achievement", "target_id": w.achievement.pk, "useful": "1"},
    ),
    Row(
        "market:demand_why",
        only_own(200),
        kwargs=_pk("demand"),
        query=lambda w: f"above={w.achievement.pk}&below={w.achievement.pk}",
    ),
    Row(
        "market:demand_close",
        only_own(302),
        kwargs=_pk("demand"),
        method="POST",
        effect=lambda w: _status(Demand, w.demand) == "closed",
    ),
    Row(
        "market:contact_create",
        (LOGIN, 302, 302, 302, 302, 302),
        own="third_admin",
        kwargs=lambda w: {"kind": "achievement", "pk": w.achievement.pk},
        method="POST",
        data=lambda w: {"from_org": w.third_org.pk, "message": "希望洽谈技术许可。"},
        effect=lambda w: Contact.objects.filter(from_org=w.third_org).exists(),
        why="a published achievement: anyone signed in may ask, for an organization they belong to",
    ),
    Row("market:contact_list", SIGNED_IN, why="the user's organizations' contacts (none: empty)"),
    Row("market:contact_detail", only_own(200), kwargs=_pk("contact"), why="the two organizations only"),
    Row("market:contract_list", SIGNED_IN, why="the contracts the user may see (none: empty)"),
    Row("market:contract_create", any_officer(200), own="officer"),
    Row("market:contract_statistics", any_officer(200), own="officer"),
    Row("market:event_list", PUBLIC),
    Row(
        "market:event_create",
        (LOGIN, 404, 200, 200, 200, 200),
        why="officers (their region subtree) and members of an organization (their own organization's)",
    ),
    Row("market:event_detail", PUBLIC, kwargs=_pk("event")),
    Row(
        "market:event_detail",
        officers_of_region(200, anonymous=404),
        own="org_member",
        kwargs=lambda w: {"pk": w.new_draft_event().pk},
        case="draft",
        why="a draft event: the organizer's members and the officers of its region subtree",
    ),
    Row(
        "market:event_publish",
        officers_of_region(302),
        kwargs=lambda w: {"pk": w.new_draft_event().pk},
        method="POST",
        effect=_draft_published,
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "market:event_item_add",
        officers_of_region(302),
        kwargs=_pk("event"),
        method="POST",
        data=lambda w: {"kind": "achievement", "pk": w.new_achievement().pk},
        effect=lambda w: EventItem.objects.filter(event=w.event).exists(),
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "market:event_register",
        only_own(302),
        kwargs=_pk("third_event"),
        method="POST",
        data=lambda w: {"organization": w.cast.org.pk},
        effect=lambda w: EventRegistration.objects.filter(
            event=w.third_event, organization=w.cast.org
        ).exists(),
        why="for an organization the user belongs to",
    ),
    Row(
        "market:event_unregister",
        only_own(302),
        kwargs=lambda w: {"pk": w.registration.event_id},
        method="POST",
        data=lambda w: {"organization": w.cast.org.pk},
        effect=lambda w: not EventRegistration.objects.filter(pk=w.registration.pk).exists(),
    ),
    Row("market:event_outcome_create", officers_of_region(200), kwargs=_pk("event")),
    Row(
        "market:event_export",
        officers_of_region(200),
        kwargs=lambda w: {"pk": w.event.pk, "what": "registrations"},
    ),
    Row("market:saved_search_list", SIGNED_IN),
    Row(
        "market:saved_search_delete",
        only_own(302),
        kwargs=_pk("saved_search"),
        method="POST",
        effect=lambda w: not SavedSearch.objects.filter(pk=w.saved_search.pk).exists(),
    ),
    Row("market:expert_profile", only_own(200), own="expert_user", why="experts of the pool edit their own"),
    # API
    Row("market-achievements", PUBLIC),
    Row(
        "market-achievements",
        (LOGIN, 400, 400, 400, 400, 201),
        method="POST",
        data=_achievement_data,
        effect=lambda w: Achievement.objects.filter(
            owner=w.cast.org, title="镁合金微弧氧化防腐涂层"
        ).exists(),
    ),
    Row("market-achievement", PUBLIC, kwargs=_pk("achievement")),
    Row(
        "market-achievement-suggestions",
        only_own(200),
        own="org_member",
        kwargs=_pk("achievement"),
        why="the owner's members",
    ),
    Row(
        "market-achievement-action",
        only_own(200),
        own="org_member",
        kwargs=lambda w: {"pk": w.draft_achievement.pk, "action": "submit"},
        method="POST",
        effect=lambda w: _status(Achievement, w.draft_achievement) == "submitted",
    ),
    Row("market-demands", PUBLIC),
    Row(
        "market-demands",
        (LOGIN, 400, 400, 400, 400, 201),
        method="POST",
        data=_demand_data,
        effect=lambda w: Demand.objects.filter(owner=w.cast.org, title="轻量化轮毂材料").exists(),
    ),
    Row("market-demand", PUBLIC, kwargs=_pk("demand")),
    Row("market-demand-suggestions", only_own(200), own="org_member", kwargs=_pk("demand")),
    Row(
        "market-demand-why",
        only_own(200),
        own="org_member",
        kwargs=_pk("demand"),
        query=lambda w: f"above={w.achievement.pk}&below={w.achievement.pk}",
        why="the owner's members",
    ),
    Row(
        "market-feedback",
        only_own(201),
        method="POST",
        data=lambda w: {
            "source_kind": "demand",
            "source_id": w.demand.pk,
            "target_kind": "achievement",
            "target_id": w.achievement.pk,
            "useful": True,
        },
        why="feedback on suggestions for one's own demand",
    ),
    Row("market-contacts", SIGNED_IN),
    Row(
        "market-contacts",
        (LOGIN, 400, 400, 400, 400, 201),
        own="third_admin",
        method="POST",
        data=lambda w: {"from_org": w.third_org.pk, "achievement": w.achievement.pk, "message": "洽谈"},
        effect=lambda w: Contact.objects.filter(from_org=w.third_org).exists(),
    ),
    Row(
        "market-contact-respond",
        only_own(200),
        kwargs=_pk("contact"),
        method="POST",
        data=lambda w: {"accept": True},
        effect=lambda w: _status(Contact, w.contact) == "accepted",
        why="the receiving organization's members answer",
    ),
    Row("market-contact-messages", only_own(200), kwargs=_pk("contact")),
    Row(
        "market-contact-messages",
        only_own(201),
        kwargs=_pk("contact"),
        method="POST",
        data=lambda w: {"body": "请提供样品测试报告。"},
    ),
    Row("market-contracts", SIGNED_IN),
    Row(
        "market-contracts",
        (LOGIN, 400, 400, 400, 201, 201),
        own="officer",
        method="POST",
        data=lambda w: {
            "seller": w.cast.org.pk,
            "buyer": w.third_org.pk,
            "contract_type": "transfer",
            "title": "技术转让合同",
            "amount": "1000000",
            "tech_amount": "800000",
            "signed_on": "2025-05-01",
        },
        why="officers register contracts of their region subtree",
    ),
    Row("market-contract-statistics", SIGNED_IN, why="the officer's region subtree (others: empty)"),
    Row("market-contract-statistics-regions", any_officer(200), own="officer"),
    Row("market-saved-searches", SIGNED_IN),
    Row(
        "market-saved-searches",
        (LOGIN, 201, 201, 201, 201, 201),
        method="POST",
        data=lambda w: {"name": "镁合金", "kind": "achievement", "query": "镁合金"},
        why="every signed-in user keeps their own",
    ),
    Row(
        "market-saved-search",
        only_own(204),
        kwargs=_pk("saved_search"),
        method="DELETE",
        effect=lambda w: not SavedSearch.objects.filter(pk=w.saved_search.pk).exists(),
    ),
    Row("market-events", PUBLIC),
    Row(
        "market-events",
        (LOGIN, 400, 400, 400, 201, 201),
        method="POST",
        data=lambda w: {
            "organizer": w.cast.org.pk,
            "title": "光电技术对接会",
            "starts_at": "2030-05-01 09:00",
            "region": "220102",
        },
        effect=lambda w: MatchmakingEvent.objects.filter(title="光电技术对接会").exists(),
        writers=frozenset({"other_department", "own"}),
        why="the organizer's members, or officers of the event's region subtree",
    ),
    Row("market-event", PUBLIC, kwargs=_pk("event")),
    Row(
        "market-event-publish",
        officers_of_region(200),
        kwargs=lambda w: {"pk": w.new_draft_event().pk},
        method="POST",
        effect=_draft_published,
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "market-event-items",
        officers_of_region(201),
        kwargs=_pk("event"),
        method="POST",
        data=lambda w: {"achievement": w.new_achievement().pk},
        effect=lambda w: EventItem.objects.filter(event=w.event).exists(),
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "market-event-registrations",
        SIGNED_IN,
        kwargs=_pk("event"),
        why="a published event: each sees the registrations they may (their own, or all as its manager)",
    ),
    Row(
        "market-event-registrations",
        (LOGIN, 400, 400, 400, 400, 201),
        kwargs=_pk("third_event"),
        method="POST",
        data=lambda w: {"organization": w.cast.org.pk},
        effect=lambda w: EventRegistration.objects.filter(
            event=w.third_event, organization=w.cast.org
        ).exists(),
    ),
    Row(
        "market-event-registration",
        only_own(204),
        kwargs=lambda w: {"pk": w.registration.event_id, "org": w.cast.org.pk},
        method="DELETE",
        effect=lambda w: not EventRegistration.objects.filter(pk=w.registration.pk).exists(),
    ),
    Row(
        "market-event-outcomes",
        officers_of_region(201),
        kwargs=_pk("event"),
        method="POST",
        data=lambda w: {"kind": "intention", "seller": w.cast.org.pk, "buyer": w.third_org.pk},
        effect=lambda w: EventOutcome.objects.filter(event=w.event).exists(),
        writers=frozenset({"other_department", "own"}),
    ),
]

_ = TechContract  # (contracts are registered through the API row above)
