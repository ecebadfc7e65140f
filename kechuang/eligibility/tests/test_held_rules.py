"""Rule guarded: a measure granting a designation answers its valid holder “已持有，有效期至…，重新认定应于…前申请”
(:mod:`kechuang.eligibility.held`) — the grant is checked when the rule is read (a known designation,
0–36 months), the longest-running valid certificate is the one shown (a certificate without end runs
longest), and the renewal date is that many calendar months before the end (the month's last day when
the month is shorter)."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.eligibility import RuleError
from kechuang.eligibility.catalogue import DESIGNATION_KINDS
from kechuang.eligibility.facts import Facts
from kechuang.eligibility.held import Grant, Held, held_designation, months_before, parse_grant
from kechuang.eligibility.i18n import language

HNTE = "高新技术企业"
KINDS = frozenset({HNTE, "瞪羚企业"})
TODAY = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("day", "months", "earlier"),
    [
        (dt.date(2026, 11, 30), 0, dt.date(2026, 11, 30)),
        (dt.date(2026, 11, 30), 3, dt.date(2026, 8, 30)),
        (dt.date(2026, 5, 31), 3, dt.date(2026, 2, 28)),  # February is shorter: its last day
        (dt.date(2028, 5, 31), 3, dt.date(2028, 2, 29)),  # a leap year's February
        (dt.date(2026, 2, 15), 2, dt.date(2025, 12, 15)),  # across the year
        (dt.date(2026, 1, 31), 1, dt.date(2025, 12, 31)),
        (dt.date(2026, 12, 31), 12, dt.date(2025, 12, 31)),
        (dt.date(2026, 3, 31), 25, dt.date(2024, 2, 29)),
    ],
)
def test_months_before_counts_calendar_months(day, months, earlier):
    assert months_before(day, months) == earlier


def test_a_grant_is_read_with_its_defaults():
    assert parse_grant(None, KINDS) is None
    assert parse_grant({"designation": HNTE}, KINDS) == Grant(HNTE, "", 0, "")
    full = {"designation": HNTE, "renewal": "重新认定", "before_months": 3, "basis": "第十二条"}
    assert parse_grant(full, KINDS) == Grant(HNTE, "重新认定", 3, "第十二条")
    assert parse_grant({**full, "before_months": 36}, KINDS).before_months == 36
    assert parse_grant({**full, "before_months": None}, KINDS).before_months == 0


@pytest.mark.parametrize("raw", ["高新技术企业", {"designation": "优秀企业"}, {"designation": None}, {}])
def test_a_grant_of_an_unknown_designation_is_refused_with_the_kinds(raw):
    with pytest.raises(RuleError) as e:
        parse_grant(raw, KINDS)
    assert e.value.where == "grants"
    assert e.value.reason == "grants 应当写明 designation（授予的资质，瞪羚企业、高新技术企业 之一）"


@pytest.mark.parametrize("months", [-1, 37, 1.5, "3", True])
def test_the_months_before_the_end_are_a_whole_number_from_0_to_36(months):
    with pytest.raises(RuleError) as e:
        parse_grant({"designation": HNTE, "before_months": months}, KINDS)
    assert e.value.where == "grants.before_months"
    assert e.value.reason == "grants.before_months 应当是 0 到 36 的整数（到期前几个月申请）"


def cert(valid_from, valid_to, number="GR1", kind=HNTE):  # type: ignore[no-untyped-def]
    return {"kind": kind, "number": number, "valid_from": valid_from, "valid_to": valid_to}


def facts(*designations):  # type: ignore[no-untyped-def]
    return Facts({"kind": "enterprise", "designations": list(designations)})


GRANT = Grant(HNTE, "重新认定", 3, "第十二条")


def test_the_holder_is_answered_with_its_longest_running_valid_certificate():
    f = facts(
        cert("2024-01-01", "2026-12-31", "GR-A"),
        cert("2025-01-01", "2027-11-30", "GR-B"),
        cert("2021-01-01", "2024-12-31", "GR-OLD"),
        cert("2025-01-01", "2029-12-31", "OTHER", kind="瞪羚企业"),
    )
    held = held_designation(GRANT, f, TODAY)
    assert held == Held(HNTE, "GR-B", dt.date(2027, 11, 30), dt.date(2027, 8, 30), "重新认定", "第十二条")


def test_a_certificate_without_end_runs_longest_and_has_no_renewal_date():
    f = facts(cert("2025-01-01", "2027-11-30", "GR-B"), cert("2020-01-01", None, "GR-LONG"))
    held = held_designation(GRANT, f, TODAY)
    assert held is not None
    assert (held.number, held.valid_to, held.renew_by) == ("GR-LONG", None, None)
    assert held.text() == "已持有高新技术企业资质，证书 GR-LONG，长期有效"


def test_a_certificate_without_number_is_shown_without_one():
    held = held_designation(GRANT, facts(cert("2025-01-01", "2027-11-30", None)), TODAY)
    assert held is not None and held.number == ""
    assert held.text() == "已持有高新技术企业资质，有效期至2027年11月30日，重新认定应于2027年8月30日前申请"


@pytest.mark.parametrize(
    "designations",
    [
        None,  # not given
        [],
        [cert("2023-01-01", "2026-06-29")],  # ended the day before
        [cert("2026-07-01", "2029-06-30")],  # starts the day after
        [cert("2025-01-01", "2027-11-30", kind="瞪羚企业")],
    ],
)
def test_no_valid_certificate_of_the_kind_is_not_held(designations):
    data = (
        {"kind": "enterprise"}
        if designations is None
        else {"kind": "enterprise", "designations": designations}
    )
    assert held_designation(GRANT, Facts(data), TODAY) is None


def test_a_measure_granting_nothing_is_never_held():
    assert held_designation(None, facts(cert("2025-01-01", "2027-11-30")), TODAY) is None


def test_valid_on_its_first_and_last_day():
    first = held_designation(GRANT, facts(cert("2026-06-30", "2029-06-29")), TODAY)
    last = held_designation(GRANT, facts(cert("2023-07-01", "2026-06-30")), TODAY)
    assert first is not None and last is not None


def test_the_holder_sentence_and_its_data_in_both_languages():
    held = Held(HNTE, "GR202322000123", dt.date(2026, 11, 30), dt.date(2026, 8, 30), "重新认定", "第十二条")
    assert held.text() == (
        "已持有高新技术企业资质，证书 GR202322000123，有效期至2026年11月30日，重新认定应于2026年8月30日前申请"
    )
    assert held.as_dict() == {
        "designation": HNTE,
        "number": "GR202322000123",
        "valid_to": "2026-11-30",
        "renew_by": "2026-08-30",
        "renewal": "重新认定",
        "basis": "第十二条",
        "text": held.text(),
    }
    no_renewal = Held(HNTE, "", dt.date(2026, 11, 30), dt.date(2026, 11, 30), "", "")
    assert no_renewal.text() == "已持有高新技术企业资质，有效期至2026年11月30日"
    open_ended = Held(HNTE, "", None, None, "重新认定", "")
    assert open_ended.as_dict()["valid_to"] is None and open_ended.as_dict()["renew_by"] is None
    with language("en"):
        assert held.text() == (
            "already holds the High and New Technology Enterprise designation, certificate GR202322000123, "
            "valid until 2026-11-30, apply for 重新认定 before 2026-08-30"
        )


def test_every_designation_kind_a_rule_names_can_be_granted():
    for kind in DESIGNATION_KINDS:
        assert parse_grant({"designation": kind}, DESIGNATION_KINDS) == Grant(kind)
