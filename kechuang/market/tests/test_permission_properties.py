"""The market's permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

``org`` (南关区, 220102) owns the rows; the officers whose region subtree holds it are ``officer``,
``other_dept_officer`` and ``province_officer`` (the market's rules ask the region only).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kechuang.core.permissions import restrict
from kechuang.market.choices import AchievementStatus, DemandStatus, EventStatus
from kechuang.market.models import MatchFeedback, SavedSearch
from tests import app_factories as af
from tests.rule_grid import USERS, Grid, make_grid

pytestmark = pytest.mark.django_db

EVERYONE = set(USERS)
REGION = {"admin", "officer", "other_dept_officer", "province_officer"}
MEMBERS = {"org_admin", "org_member"}


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


def test_a_published_achievement_is_public_and_contacted_by_everyone_but_its_owner(grid):
    """Rule: published achievements are public; anyone but the owner's members may ask to contact."""
    achievement = af.AchievementFactory(owner=grid.cast.org)
    assert grid.allowed(achievement, "view") == EVERYONE
    assert grid.allowed(achievement, "export") == EVERYONE
    assert grid.allowed(achievement, "contact") == EVERYONE - MEMBERS


@pytest.mark.parametrize("status", [AchievementStatus.DRAFT, AchievementStatus.SUBMITTED])
def test_an_unpublished_achievement_is_the_owners_and_the_regions(grid, status):
    """Rule: drafts and submissions: the owner's members and the officers of its region (who review)."""
    achievement = af.AchievementFactory(owner=grid.cast.org, status=status, published_at=None)
    assert grid.allowed(achievement, "view") == REGION | MEMBERS
    assert grid.allowed(achievement, "export") == REGION | MEMBERS
    assert grid.allowed(achievement, "contact") == {"admin"}


@pytest.mark.parametrize("action", ["change", "submit", "withdraw", "renew"])
def test_an_achievement_is_changed_by_its_owners_members(grid, action):
    """Rule: the owner's members change, submit, withdraw and renew their achievement; nobody else."""
    achievement = af.AchievementFactory(owner=grid.cast.org, status=AchievementStatus.DRAFT)
    assert grid.allowed(achievement, action) == {"admin"} | MEMBERS


def test_an_achievement_is_reviewed_by_the_officers_of_its_region(grid):
    """Rule: review = officers of the owner's region subtree (never the owner's own members)."""
    achievement = af.AchievementFactory(owner=grid.cast.org, status=AchievementStatus.SUBMITTED)
    assert grid.allowed(achievement, "review") == REGION
    assert grid.allowed(achievement, "nonsense") == {"admin"}


def test_a_draft_demand_is_the_owners_and_the_regions(grid):
    """Rule: a demand's draft: its owner's members (who change, publish, close it) and the region's officers."""
    demand = af.DemandFactory(owner=grid.cast.org, status=DemandStatus.DRAFT, published_at=None)
    assert grid.allowed(demand, "view") == REGION | MEMBERS
    for action in ("change", "publish", "close", "suggest"):
        assert grid.allowed(demand, action) == {"admin"} | MEMBERS, action
    assert grid.allowed(demand, "contact") == set()
    assert grid.allowed(demand, "nonsense") == {"admin"}


def test_an_open_demand_is_public_and_contacted_by_everyone_but_its_owner(grid):
    """Rule: open demands are public; contact = any open demand but one's own (platform admins included)."""
    demand = af.DemandFactory(owner=grid.cast.org)
    assert grid.allowed(demand, "view") == EVERYONE
    assert grid.allowed(demand, "export") == EVERYONE
    assert grid.allowed(demand, "contact") == EVERYONE - MEMBERS


def test_a_closed_demand_is_public_but_no_longer_contacted(grid):
    """Rule: a closed demand stays public; nobody may contact it any more."""
    demand = af.DemandFactory(owner=grid.cast.org, status=DemandStatus.CLOSED)
    assert grid.allowed(demand, "view") == EVERYONE
    assert grid.allowed(demand, "contact") == set()


def test_a_contact_is_the_two_organizations_and_answered_by_the_receiver(grid):
    """Rule: a contact and its thread: both organizations' members; only the receiving one responds."""
    achievement = af.AchievementFactory(owner=grid.cast.org)
    contact = af.ContactFactory(achievement=achievement, from_org=grid.cast.other_org)
    assert grid.allowed(contact, "view") == {"admin", "other_org_admin"} | MEMBERS
    assert grid.allowed(contact, "message") == {"other_org_admin"} | MEMBERS
    assert grid.allowed(contact, "respond") == MEMBERS
    assert grid.allowed(contact, "nonsense") == set()


def test_a_published_event_is_public_and_managed_by_its_organizer_and_region(grid):
    """Rule: an event: published ones public; change = the organizer's members and the region's officers."""
    event = af.EventFactory(organizer=grid.cast.org)
    outcome = af.EventOutcomeFactory(event=event)
    assert grid.allowed(event, "view") == EVERYONE
    assert grid.allowed(event, "change") == REGION | MEMBERS
    assert grid.allowed(event, "nonsense") == {"admin"}
    assert grid.allowed(outcome, "view") == EVERYONE
    assert grid.allowed(outcome, "change") == set()


def test_a_draft_event_and_its_outcomes_are_for_its_managers(grid):
    """Rule: a draft event (and what is recorded of it) is seen only by those who manage it."""
    event = af.EventFactory(organizer=grid.cast.org, status=EventStatus.DRAFT, published_at=None)
    outcome = af.EventOutcomeFactory(event=event)
    assert grid.allowed(event, "view") == REGION | MEMBERS
    assert grid.allowed(outcome, "view") == REGION | MEMBERS


def test_a_registration_is_cancelled_by_its_organization_and_seen_by_the_events_managers(grid):
    """Rule: a registration: its organization's members cancel it; they and the event's managers see it."""
    event = af.EventFactory(organizer=grid.cast.other_org)
    registration = af.EventRegistrationFactory(event=event, organization=grid.cast.org)
    assert grid.allowed(registration, "cancel") == MEMBERS
    assert grid.allowed(registration, "view") == REGION | MEMBERS | {"other_org_admin"}
    assert grid.allowed(registration, "nonsense") == set()


def test_a_contract_is_the_parties_and_the_regions_and_registered_by_the_region(grid):
    """Rule: a technology contract: its parties and the region's officers see it; the officers change it and
    count it in statistics — not the parties."""
    contract = af.TechContractFactory(seller=grid.cast.org, buyer=grid.third_org)
    assert grid.allowed(contract, "view") == REGION | MEMBERS
    assert grid.allowed(contract, "export") == REGION | MEMBERS
    assert grid.allowed(contract, "change") == REGION
    assert grid.allowed(contract, "statistics") == REGION
    assert grid.allowed(contract, "nonsense") == {"admin"}
    bought = af.TechContractFactory(seller=grid.third_org, buyer=grid.cast.org)
    assert grid.allowed(bought, "view") == REGION | MEMBERS


def test_saved_searches_are_their_users_only(grid):
    """Rule: a saved search is its user's alone (platform admins included)."""
    search = af.SavedSearchFactory(user=grid.cast.org_member)
    assert grid.allowed(search, "view") == {"org_member"}


def test_match_feedback_is_its_users_and_the_platform_admins(grid):
    """Rule: feedback on a match: its user and platform admins."""
    feedback = MatchFeedback.objects.create(
        user=grid.cast.org_member, source_key="demand:1", target_key="achievement:2", useful=True
    )
    assert grid.allowed(feedback, "view") == {"admin", "org_member"}
    assert restrict(MatchFeedback.objects.all(), None).count() == 0


@pytest.mark.parametrize("caller", [None, SimpleNamespace(pk=1)], ids=["none", "not_a_user"])
def test_a_caller_that_is_not_a_signed_in_user_gets_no_saved_search_or_feedback(grid, caller):
    """Rule: saved searches and feedback fail closed for anything but a signed-in user (no user at all, or an
    object that does not say it is authenticated)."""
    af.SavedSearchFactory(user=grid.cast.org_member)
    MatchFeedback.objects.create(user=grid.cast.org_member, source_key="d:1", target_key="a:2", useful=True)
    assert restrict(SavedSearch.objects.all(), caller).count() == 0
    assert restrict(MatchFeedback.objects.all(), caller).count() == 0
