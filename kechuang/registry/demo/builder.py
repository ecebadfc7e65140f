"""Generated organizations, yearly statistics and designations: every draw of ``rng`` happens here.

Codes are valid in form (GB 32100-2015 check digits, GB 11714 organization codes) but belong to no one;
figures follow each sector's typical revenue per head, R&D intensity and growth, so the designations an
enterprise holds are the ones its figures would earn.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from django.utils import timezone

from kechuang.core.text import normalize_for_search
from kechuang.registry.choices import (
    DesignationKind,
    IndustryLevel,
    OrganizationKind,
    RegionLevel,
    SizeClass,
    VerificationStatus,
)
from kechuang.registry.demo.data import (
    ANCHOR_NAME,
    ANCHOR_USCC,
    AREA_CODES,
    BRAND_CHARS,
    EMPLOYEE_RANGE,
    GIVEN,
    HIGH_TECH_ISSUER,
    HISTORY_YEARS,
    INTERMEDIARY_WORDS,
    PATENT_SCALE,
    PLACE_NAMES,
    PREFECTURE_WEIGHTS,
    PROVINCE,
    SECTORS,
    SIZE_WEIGHTS,
    STREETS,
    SURNAMES,
    TODAY,
    YEARS,
    Sector,
)
from kechuang.registry.models import Designation, Industry, Organization, Region, YearlyStatistics
from kechuang.registry.validators import uscc_check_digit


class Writer(Protocol):
    """Where progress goes: a management command's ``self.stdout`` or any text stream."""

    def write(self, text: str, /) -> Any: ...


# ---------------------------------------------------------------------------------------------------------
# Codes


_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def organization_code(body8: str) -> str:
    """GB 11714 organization code: 8 characters and their check character (mod 11, 10 → X)."""
    values = [int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10 for ch in body8]
    check = 11 - sum(v * w for v, w in zip(values, _ORG_CODE_WEIGHTS, strict=True)) % 11
    return body8 + ("X" if check == 10 else "0" if check == 11 else str(check))


class UsccMaker:
    """Unique, valid 统一社会信用代码.

    The organization-code part is old-style (8 digits) for organizations founded before 2016 and a
    ``MA…`` code after the reform, each with its GB 11714 check character.
    """

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.taken = taken

    def make(self, *, prefix: str, region: str, founded: dt.date | None) -> str:
        for _attempt in range(100):
            if founded is not None and founded.year >= 2016:
                body = "MA" + "".join(self.rng.choice(_USCC_ALPHABET) for _ in range(6))
            else:
                body = f"{self.rng.randrange(10_000_000, 100_000_000):08d}"
            first17 = f"{prefix}{region}{organization_code(body)}"
            if any(ch not in _USCC_ALPHABET for ch in first17):
                continue
            code = first17 + uscc_check_digit(first17)
            if code not in self.taken:
                self.taken.add(code)
                return code
        raise RuntimeError("could not generate a fresh USCC")  # pragma: no cover


def _money(value: float) -> Decimal:
    """元, rounded to thousands as statistical reports are filled in."""
    return Decimal(max(0, round(value / 1000)) * 1000)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _designation(
    org: Organization,
    kind: str,
    issuer: str,
    issued: dt.date,
    *,
    years: int | None = 3,
    certificate_no: str = "",
) -> Designation:
    """A designation valid for ``years`` from ``issued`` (three: 高新技术企业, 专精特新…; None: no end)."""
    return Designation(
        organization=org,
        kind=kind,
        certificate_no=certificate_no,
        issuer=issuer,
        valid_from=issued,
        valid_to=None if years is None else add_years(issued, years) - dt.timedelta(days=1),
    )


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


# ---------------------------------------------------------------------------------------------------------
# Generation


@dataclasses.dataclass
class Firm:
    """A generated enterprise and what drives its figures (growth, R&D intensity)."""

    org: Organization
    sector: Sector | None = None
    stats: list[YearlyStatistics] = dataclasses.field(default_factory=list)
    history: list[YearlyStatistics] = dataclasses.field(default_factory=list)
    growth: float = 0.0
    rd_ratio: float = 0.0
    raw_patents: int = 0  # the unscaled figure the designations' draws depend on


class Builder:
    """Makes organizations, statistics and designations from ``rng`` against the loaded reference data."""

    def __init__(self, *, rng: random.Random, stdout: Writer) -> None:
        self.rng = rng
        self.stdout = stdout
        self.regions = {
            r.code: r for r in Region.objects.filter(path__startswith=f"{PROVINCE}/").order_by("code")
        }
        if PROVINCE not in self.regions:
            raise RuntimeError("吉林省 (220000) is missing: run `manage.py load_reference_data` first.")
        self.counties: dict[str, list[Region]] = defaultdict(list)
        for region in self.regions.values():
            if region.level == RegionLevel.COUNTY and region.parent_id:
                self.counties[region.parent_id].append(region)
        self.divisions = set(
            Industry.objects.filter(level=IndustryLevel.DIVISION).values_list("code", flat=True)
        )
        self.classes: dict[str, list[str]] = defaultdict(list)
        for code in Industry.objects.filter(level=IndustryLevel.CLASS).values_list("code", flat=True):
            self.classes[code[:2]].append(code)
        missing = {s.division for s in SECTORS} - self.divisions
        if missing:
            raise RuntimeError(f"industry divisions missing, run load_reference_data: {sorted(missing)}")
        self.uscc = UsccMaker(rng, set(Organization.objects.values_list("uscc", flat=True)))
        self.names: set[str] = set(Organization.objects.values_list("name", flat=True))
        self.now = timezone.now()

    # -- reference lookups ------------------------------------------------------------------------------
    def industry(self, classes: str) -> str | None:
        """One of ``classes`` (GB/T 4754 class codes) if the full table is loaded, else their division."""
        codes = classes.split()
        division = codes[0][:2]
        loaded = [c for c in codes if c in self.classes[division]]
        if loaded:
            return self.rng.choice(loaded)
        return division if division in self.divisions else None

    def county(self, prefecture: str | None = None) -> Region:
        if prefecture is None:
            prefecture = self.rng.choices(
                list(PREFECTURE_WEIGHTS), weights=list(PREFECTURE_WEIGHTS.values())
            )[0]
        counties = self.counties[prefecture]
        weights = [4 if c.name.endswith("区") else 2 if c.name.endswith("市") else 1 for c in counties]
        return self.rng.choices(counties, weights=weights)[0]

    def unique_name(self, make: Callable[[], str]) -> str:
        for _attempt in range(200):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("could not generate a fresh organization name")  # pragma: no cover

    def org(self, **values: Any) -> Organization:
        region: Region = values["region"]
        org = Organization(**values)
        org.region_path = region.path
        org.search_text = normalize_for_search(f"{org.name} {org.uscc}")[:255]
        if org.verification_status == VerificationStatus.VERIFIED:
            org.verified_at = self.now
        return org

    # -- organizations ----------------------------------------------------------------------------------
    def enterprise(self, *, anchor: bool = False) -> Firm:
        rng = self.rng
        if anchor:
            sector = next(s for s in SECTORS if s.division == "39")
            classes = "3976"
            region = self.regions["220104"]
            size = SizeClass.MEDIUM
            founded = dt.date(2009, 6, 18)
            name = ANCHOR_NAME
            self.names.add(name)
            uscc = ANCHOR_USCC
            self.uscc.taken.add(uscc)
        else:
            sector = rng.choices(SECTORS, weights=[s.weight for s in SECTORS])[0]
            word, classes = rng.choice(sector.words)
            region = self.county()
            size = rng.choices(list(SIZE_WEIGHTS), weights=list(SIZE_WEIGHTS.values()))[0]
            oldest, newest = (1988, 2015) if size == SizeClass.LARGE else (1995, 2025)
            year = oldest + int((newest - oldest) * rng.random() ** 0.7)
            founded = random_date(rng, dt.date(year, 1, 1), dt.date(year, 12, 28))
            assert region.parent_id is not None
            place = PLACE_NAMES[region.parent_id]
            roll = rng.random()
            if roll < 0.08:
                place = "吉林省"
            elif roll < 0.2 and region.name.endswith(("市", "县")):
                place = region.name[:-1] if len(region.name) > 2 else region.name

            def make(place: str = place, word: str = word, size: str = size) -> str:
                brand = "".join(rng.sample(BRAND_CHARS, 2))
                suffix = (
                    "股份有限公司"
                    if size in (SizeClass.LARGE, SizeClass.MEDIUM) and rng.random() < 0.4
                    else ("有限责任公司" if rng.random() < 0.12 else "有限公司")
                )
                return f"{place}{brand}{word}{suffix}"

            name = self.unique_name(make)
            uscc = self.uscc.make(prefix="91", region=region.code, founded=founded)
        status = VerificationStatus.VERIFIED
        if not anchor:
            roll = rng.random()
            status = (
                VerificationStatus.PENDING
                if roll < 0.03
                else VerificationStatus.REJECTED
                if roll < 0.04
                else VerificationStatus.VERIFIED
            )
        employees_low, employees_high = EMPLOYEE_RANGE[size]
        capital = math.exp(rng.uniform(math.log(employees_low + 5), math.log(employees_high + 5))) * 80_000
        org = self.org(
            uscc=uscc,
            name=name,
            kind=OrganizationKind.ENTERPRISE,
            region=region,
            industry_id=self.industry(classes),
            size=size,
            founded_on=founded,
            registered_capital=_money(capital),
            legal_representative=person(rng),
            address=f"{region.full_name}{rng.choice(STREETS)}{rng.randint(1, 3999)}号",
            contact_person=person(rng),
            contact_phone=f"{AREA_CODES[region.parent_id or '220100']}-8{rng.randint(100_0000, 999_9999)}",
            verification_status=status,
            verification_note="营业执照信息与统一社会信用代码不符，请更正后重新提交。"
            if status == VerificationStatus.REJECTED
            else "",
        )
        firm = Firm(org=org, sector=sector)
        firm.growth = rng.gauss(0.07, 0.08)
        firm.rd_ratio = min(0.25, math.exp(rng.gauss(math.log(0.025 * sector.tech), 0.6)))
        if anchor:
            firm.growth, firm.rd_ratio = 0.12, 0.068
        return firm

    def institution(
        self, *, name: str, region_code: str, kind: str, classes: str, prefix: str
    ) -> Organization:
        region = self.regions[region_code]
        self.names.add(name)
        return self.org(
            uscc=self.uscc.make(prefix=prefix, region=region.code, founded=None),
            name=name,
            kind=kind,
            region=region,
            industry_id=self.industry(classes),
            address=f"{region.full_name}{self.rng.choice(STREETS)}{self.rng.randint(1, 3999)}号",
            verification_status=VerificationStatus.VERIFIED,
        )

    def intermediary(self) -> Organization:
        rng = self.rng
        region = self.county(rng.choice(["220100", "220100", "220100", "220200", "222400", "220500"]))
        assert region.parent_id is not None
        word, classes = rng.choice(INTERMEDIARY_WORDS)
        suffix = "（普通合伙）" if word == "会计师事务所" else "有限公司"

        def make() -> str:
            return f"{PLACE_NAMES[region.parent_id or '220100']}{''.join(rng.sample(BRAND_CHARS, 2))}{word}{suffix}"

        founded = random_date(rng, dt.date(2000, 1, 1), dt.date(2024, 12, 31))
        return self.org(
            uscc=self.uscc.make(prefix="91", region=region.code, founded=founded),
            name=self.unique_name(make),
            kind=OrganizationKind.INTERMEDIARY,
            region=region,
            industry_id=self.industry(classes),
            size=rng.choice([SizeClass.MICRO, SizeClass.SMALL]),
            founded_on=founded,
            verification_status=VerificationStatus.VERIFIED,
        )

    # -- statistics and designations --------------------------------------------------------------------
    def statistics(self, firm: Firm) -> None:
        rng = self.rng
        org, sector = firm.org, firm.sector
        assert sector is not None and org.founded_on is not None
        low, high = EMPLOYEE_RANGE[SizeClass(org.size)]
        employees = math.exp(rng.uniform(math.log(low), math.log(high + 1)))
        per_head = math.exp(rng.gauss(math.log(650_000 if sector.manufacturing else 420_000), 0.45))
        revenue = employees * per_head
        if org.uscc == ANCHOR_USCC:
            employees, revenue = 420, 268_000_000
        staff_ratio = min(0.6, max(0.03, rng.gauss(0.08 + 0.05 * sector.tech, 0.05)))
        if org.uscc == ANCHOR_USCC:
            staff_ratio = 0.19
        np_ratio = max(0.0, rng.gauss(0.12 * sector.tech, 0.1)) if sector.manufacturing else None
        exporter = sector.manufacturing and rng.random() < 0.18
        export_share = rng.uniform(0.03, 0.4) if exporter else 0.0
        margin = rng.gauss(0.06, 0.06)
        age = 2025 - org.founded_on.year
        patents = max(
            0, int(revenue * firm.rd_ratio / 600_000 * rng.uniform(0.5, 1.4) + age * 0.2 * sector.tech)
        )
        # 境内研发费用: most firms spend all their R&D in China; a few (foreign-invested, or commissioning
        # research abroad) a share below the 60% 高企 requires. A separate generator keyed by the firm keeps
        # every other figure of the demo as it was.
        abroad = random.Random(f"domestic-rd:{org.uscc}")
        domestic_share = 1.0 if abroad.random() < 0.85 else abroad.uniform(0.35, 0.97)
        if org.uscc == ANCHOR_USCC:
            domestic_share = 1.0
        latest_raw = patents
        # Patents are stored scaled (PATENT_SCALE), rounded with one fixed offset per firm so a firm's
        # figure never falls while its unscaled count rises.
        offset = random.Random(f"patents:{org.uscc}").random()

        def scaled(raw: int) -> int:
            return int(raw / PATENT_SCALE + offset)

        drawn: dict[int, int] = {}  # applications drawn for a row (even when the figure is left unreported)

        def year_row(year: int, draw: random.Random) -> YearlyStatistics:
            jitter = draw.gauss(1.0, 0.08)
            rd = revenue * firm.rd_ratio * jitter
            staff = max(1, round(employees))
            rd_staff = min(staff, max(0 if rd < 50_000 else 1, round(staff * staff_ratio * jitter)))
            applications = max(0, int(draw.gauss(rd / 1_000_000, 1 + rd / 3_000_000)))
            row = YearlyStatistics(
                organization=org,
                year=year,
                revenue=_money(revenue),
                total_output=_money(revenue * draw.uniform(0.92, 1.08)) if sector.manufacturing else None,
                rd_expenditure=_money(rd),
                domestic_rd_expenditure=min(
                    _money(rd), _money(rd * min(1.0, domestic_share * abroad.uniform(0.97, 1.03)))
                ),
                new_product_output=_money(revenue * np_ratio * jitter) if np_ratio is not None else None,
                exports=_money(revenue * export_share) if sector.manufacturing else None,
                profit=_money(revenue * max(0.0, margin + draw.gauss(0, 0.02))),
                tax_paid=_money(revenue * draw.uniform(0.025, 0.06)),
                employees=staff,
                rd_staff=rd_staff,
                valid_invention_patents=scaled(patents),
                patent_applications=applications,
            )
            if draw.random() < 0.04:  # a figure not reported that year
                setattr(row, draw.choice(["new_product_output", "exports", "patent_applications"]), None)
            drawn[id(row)] = applications
            return row

        def step_back(row: YearlyStatistics, draw: random.Random) -> None:
            """One year back: revenue and staff were smaller by this year's growth, patents fewer."""
            nonlocal revenue, employees, patents
            growth = draw.gauss(firm.growth, 0.1)
            revenue /= max(0.5, 1 + growth)
            employees /= max(0.7, 1 + growth / 2)
            patents = max(0, patents - int(drawn[id(row)] * draw.uniform(0.1, 0.35)))

        rows = []
        for year in reversed(YEARS):
            if org.founded_on.year > year:
                break
            row = year_row(year, rng)
            rows.append(row)
            step_back(row, rng)
        firm.stats = list(reversed(rows))
        firm.raw_patents = latest_raw
        # the years before, from the firm's own generator (the shared one draws exactly as before)
        history = random.Random(f"history:{org.uscc}")
        older = []
        for year in reversed(HISTORY_YEARS):
            if org.founded_on.year > year or len(rows) < len(YEARS):
                break
            row = year_row(year, history)
            older.append(row)
            step_back(row, history)
        firm.history = list(reversed(older))

    def designations(self, firm: Firm, seq: dict[str, int]) -> list[Designation]:
        rng = self.rng
        org, sector = firm.org, firm.sector
        assert sector is not None and org.founded_on is not None
        out: list[Designation] = []
        latest = firm.stats[-1] if firm.stats else None
        if latest is None:
            return out
        revenue = float(latest.revenue or 0)
        employees = latest.employees or 0
        staff_share = (latest.rd_staff or 0) / max(1, employees)
        threshold = 0.05 if revenue < 50_000_000 else 0.04 if revenue < 200_000_000 else 0.03
        eligible = firm.rd_ratio >= threshold and staff_share >= 0.1 and org.founded_on.year <= 2022
        anchor = org.uscc == ANCHOR_USCC
        if anchor or (eligible and rng.random() < min(0.9, 0.35 * sector.tech)):
            first = max(
                org.founded_on.year + 1, rng.choice([2016, 2019, 2019, 2020, 2021, 2022, 2022, 2023, 2024])
            )
            year = 2018 if anchor else first
            while year <= TODAY.year:
                issued = random_date(rng, dt.date(year, 10, 15), min(dt.date(year, 12, 20), TODAY))
                seq["high_tech"] += 1
                out.append(
                    _designation(
                        org,
                        DesignationKind.HIGH_TECH,
                        HIGH_TECH_ISSUER,
                        issued,
                        certificate_no=f"GR{year}22{seq['high_tech']:06d}",
                    )
                )
                if rng.random() < (1.0 if anchor else 0.75):
                    year += 3
                else:
                    break
        small = org.size in (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM) and employees <= 500
        if small and revenue <= 200_000_000 and (anchor or rng.random() < min(0.8, 0.25 * sector.tech)):
            for year in range(max(2023, org.founded_on.year), TODAY.year + 1):
                if not anchor and rng.random() < 0.2:
                    continue
                seq["tech_sme"] += 1
                out.append(
                    Designation(
                        organization=org,
                        kind=DesignationKind.TECH_SME,
                        certificate_no=f"{year}{org.region_id}{seq['tech_sme']:08d}",
                        issuer="吉林省科学技术厅",
                        valid_from=random_date(rng, dt.date(year, 3, 1), dt.date(year, 9, 30)),
                        valid_to=dt.date(year, 12, 31),
                    )
                )
        if sector.manufacturing and org.size in (SizeClass.SMALL, SizeClass.MEDIUM):
            roll = rng.random()
            if anchor or roll < 0.07 * sector.tech:
                issued = random_date(rng, dt.date(2022, 6, 1), dt.date(2025, 8, 31))
                out.append(_designation(org, DesignationKind.SRDI_SME, "吉林省工业和信息化厅", issued))
                if anchor or roll < 0.012 * sector.tech:
                    issued = random_date(rng, max(issued, dt.date(2023, 7, 1)), dt.date(2025, 8, 31))
                    out.append(_designation(org, DesignationKind.LITTLE_GIANT, "工业和信息化部", issued))
        growth_rows = [s for s in firm.stats if s.revenue]
        if (
            len(growth_rows) >= 4
            and float(growth_rows[-1].revenue or 0) > 1.5 * float(growth_rows[-4].revenue or 1)
            and rng.random() < 0.4
        ):
            issued = random_date(rng, dt.date(2024, 5, 1), dt.date(2025, 6, 30))
            out.append(_designation(org, DesignationKind.GAZELLE, "吉林省科学技术厅", issued, years=None))
        if firm.raw_patents >= 15 and rng.random() < 0.3:
            issued = random_date(rng, dt.date(2021, 9, 1), dt.date(2025, 9, 30))
            kind = rng.choice([DesignationKind.IP_ADVANTAGE, DesignationKind.IP_DEMONSTRATION])
            out.append(_designation(org, kind, "国家知识产权局", issued))
        if rng.random() < 0.01 * sector.tech:
            issued = random_date(rng, dt.date(2019, 1, 1), dt.date(2025, 6, 30))
            out.append(
                _designation(org, DesignationKind.INNOVATION_PILOT, "吉林省科学技术厅", issued, years=None)
            )
        return out
