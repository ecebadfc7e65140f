"""Market pages take their buttons from the transition tables (``market/actions.py``) and post the API's
verbs; every action answers with the service's exact message."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from kechuang.core.workflow import allowed_actions
from kechuang.market import services
from tests.pages import client_for, text

from .conftest import achievement_data


@pytest.fixture
def draft(cast, university, uni_admin):
    return services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())


def _flashed(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def test_achievement_buttons_follow_status_and_rights(cast, draft, uni_admin):
    url = f"/market/achievements/{draft.pk}/"
    page = text(client_for(uni_admin).get(url))
    assert "/submit/" in page and "/renew/" not in page and 'id="review-form"' not in page
    services.achievement_submit(achievement=draft, actor=uni_admin)
    assert "/submit/" not in text(client_for(uni_admin).get(url))
    assert 'id="review-form"' in text(client_for(cast.officer).get(url))
    assert 'id="review-form"' not in text(client_for(uni_admin).get(url))
    services.achievement_review(achievement=draft, actor=cast.officer, approve=True)
    assert [o.name for o in allowed_actions(draft, uni_admin).offered] == ["renew", "withdraw"]
    page = text(client_for(uni_admin).get(url))
    assert "/renew/" in page and "/submit/" not in page
    # an officer who may review may not renew someone else's achievement
    assert "/renew/" not in text(client_for(cast.officer).get(url))
    services.achievement_withdraw(achievement=draft, actor=uni_admin)
    assert not allowed_actions(draft, uni_admin)
    page = text(client_for(uni_admin).get(url))
    assert "/renew/" not in page and "/submit/" not in page


def test_review_posts_the_api_verb(cast, draft, uni_admin):
    services.achievement_submit(achievement=draft, actor=uni_admin)
    review = f"/market/achievements/{draft.pk}/review/"
    r = client_for(cast.officer).post(review, {"approve": "false", "note": ""})
    assert _flashed(r) == ["请填写审核意见。"]
    r = client_for(cast.officer).post(review, {"approve": "maybe"})
    assert _flashed(r) == ["操作不正确，请刷新页面后重试。"]
    assert client_for(cast.other_officer).post(review, {"approve": "true"}).status_code == 404
    r = client_for(cast.officer).post(review, {"approve": "false", "note": "材料不全"})
    assert _flashed(r) == ["已退回。"] and r["Location"] == f"/market/achievements/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.status == "rejected"
    assert client_for(cast.officer).post(f"/market/achievements/{draft.pk}/publish/").status_code == 404


def test_contact_answer_and_thread_follow_the_contact_table(cast, published, uni_admin):
    c = services.contact_create(
        actor=cast.org_admin, from_org=cast.org, achievement=published, message="希望合作"
    )
    url = f"/market/contacts/{c.pk}/"
    owner_page = text(client_for(uni_admin).get(url))
    assert 'name="accept"' in owner_page and 'name="body"' in owner_page
    asker_page = text(client_for(cast.org_admin).get(url))
    assert 'name="accept"' not in asker_page and 'name="body"' in asker_page
    r = client_for(uni_admin).post(url, {"decline": "1"})
    assert (
        _flashed(r) == ["已拒绝该对接请求，对方会收到通知。"] and r["Location"] == url
    )  # a clear message after every action
    r = client_for(uni_admin).post(url, {"accept": "1"})
    assert _flashed(r) == ["该对接已经回复过。"]
    for user in (uni_admin, cast.org_admin):
        page = text(client_for(user).get(url))
        assert 'name="accept"' not in page and 'name="body"' not in page


def test_event_publish_and_register_buttons(cast):
    event = services.event_create(
        actor=cast.officer,
        title="长春科技成果对接会",
        organizer=cast.other_org.name,
        region=cast.org.region,
        starts_at="2030-05-01 09:00",
        location="长春",
    )
    url = f"/market/events/{event.pk}/"
    assert "/publish/" in text(client_for(cast.officer).get(url))
    assert client_for(cast.org_admin).get(url).status_code == 404  # a draft is its managers' only
    r = client_for(cast.officer).post(f"/market/events/{event.pk}/publish/")
    assert _flashed(r) == ["活动已发布，各单位现在可以报名。"]
    assert "/publish/" not in text(client_for(cast.officer).get(url))
    r = client_for(cast.officer).post(f"/market/events/{event.pk}/publish/")
    assert _flashed(r) == ["活动已经发布。"]
    member_page = text(client_for(cast.org_admin).get(url))
    assert "/register/" in member_page and "/publish/" not in member_page
