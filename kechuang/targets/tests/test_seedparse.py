"""The seed parser extracts the plans from the documents' own text (shipped copy and shared copy)."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kechuang.targets import seedparse
from kechuang.targets.seedparse import AT_LEAST, SEED_001, SEED_002, load_seed, normalise_text

SHARED_SEEDS = (
    Path(
        os.environ.get("KECHUANG_SHARED_DATA", Path(__file__).resolve().parents[4] / "shared" / "data")
    ).parent
    / "seeds"
)


def seed_dirs() -> list:
    dirs = [pytest.param(seedparse.SEED_DIR, id="shipped")]
    dirs.append(
        pytest.param(
            SHARED_SEEDS,
            id="shared",
            marks=pytest.mark.skipif(not (SHARED_SEEDS / SEED_002).exists(), reason="shared seeds absent"),
        )
    )
    return dirs


def test_normalise_removes_pinyin_glosses_but_keeps_ordinals_and_acronyms() -> None:
    text = "關(guān)于印發(fā)(一)產(chǎn)品(IGBT)(省校合作)各市(州)"
    assert normalise_text(text) == "关于印发(一)产品(IGBT)(省校合作)各市(州)"


def test_shipped_copies_equal_shared_seeds() -> None:
    if not (SHARED_SEEDS / SEED_002).exists():
        pytest.skip("shared seeds absent")
    for name in (SEED_001, SEED_002):
        assert (seedparse.SEED_DIR / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


@pytest.mark.parametrize("directory", seed_dirs())
def test_seed_002_header(directory: Path) -> None:
    plan = load_seed(SEED_002, directory)
    assert plan.kind == "实施方案"
    assert plan.title == "吉林省加快推进工业企业产品创新实施方案"
    assert plan.document_number == "吉政办发〔2014〕44号"
    assert plan.issuer == "吉林省人民政府办公厅"
    assert plan.issued_on == date(2014, 11, 12)
    assert plan.region_name == "吉林省"
    assert plan.period_end == date(2020, 12, 31)


@pytest.mark.parametrize("directory", seed_dirs())
def test_seed_002_goals(directory: Path) -> None:
    plan = load_seed(SEED_002, directory)
    got = {(i.name, i.unit, i.target) for i in plan.indicators}
    expected = {
        ("新产品产值率", "%", Decimal(20)),
        ("精细化学品率", "%", Decimal(38)),
        ("轨道客车配套率", "%", Decimal(50)),
        ("汽车配套率", "%", Decimal(55)),
        ("重点实验室", "个", Decimal(70)),
        ("工程研究中心和工程实验室", "家", Decimal(300)),
        ("省级以上企业技术中心", "家", Decimal(500)),
        ("产业技术创新联盟", "个", Decimal(35)),
        ("产业公共技术研发中心", "个", Decimal(60)),
        ("中试中心", "个", Decimal(20)),
        ("省级以上技术转移示范机构", "个", Decimal(40)),
        ("企业有效发明专利拥有数", "件", Decimal(2400)),
        ("工业企业吉林省著名商标", "件", Decimal(1200)),
        ("吉林省名牌产品", "个", Decimal(1000)),
        ("产品标准覆盖率", "%", Decimal(98)),
        ("重点领域主要工业产品按国际标准和国外先进标准组织生产的比重", "%", Decimal(85)),
    }
    assert got == expected
    assert all(i.deadline == date(2020, 12, 31) and i.direction == AT_LEAST for i in plan.indicators)
    assert all(i.baseline is None for i in plan.indicators)  # the document states no baselines
    assert plan.indicator("省级以上企业技术中心").tier == "省级以上"
    assert plan.indicator("新产品产值率").category == "产品结构进一步优化"
    assert plan.indicator("产业技术创新联盟").source_text == "产业技术创新联盟达到35个"


@pytest.mark.parametrize("directory", seed_dirs())
def test_seed_002_annex(directory: Path) -> None:
    plan = load_seed(SEED_002, directory)
    assert [(u.name, u.role) for u in plan.units] == [
        ("省工业信息化厅", "lead"),
        ("省发展改革委", "participating"),
        ("省科技厅", "participating"),
        ("省质监局", "participating"),
        ("省工商局", "participating"),
    ]
    assert "产业技术创新联盟" in plan.unit("省科技厅").duties
    assert "国家认定企业技术中心" in plan.unit("省发展改革委").duties
    assert "计量测试" in plan.unit("省质监局").duties


@pytest.mark.parametrize("directory", seed_dirs())
def test_seed_002_responsibility(directory: Path) -> None:
    plan = load_seed(SEED_002, directory)

    def resp(name: str) -> tuple[str, tuple[str, ...]]:
        return plan.responsibility(plan.indicator(name).code)

    assert resp("省级以上企业技术中心") == ("省工业信息化厅", ("省发展改革委",))
    assert resp("产业技术创新联盟") == ("省科技厅", ())
    assert resp("工业企业吉林省著名商标") == ("省工商局", ())
    assert resp("吉林省名牌产品") == ("省质监局", ())
    assert resp("工程研究中心和工程实验室") == ("省发展改革委", ())
    # the document assigns no unit to the structure ratios
    assert resp("汽车配套率") == ("", ())
    first = plan.tasks[0]
    assert first.title == "建设完善企业技术中心"
    assert first.section == "构建完善“三个体系” / 完善企业技术创新体系"


@pytest.mark.parametrize("directory", seed_dirs())
def test_seed_002_noise_is_reported_not_hidden(directory: Path) -> None:
    plan = load_seed(SEED_002, directory)
    assert any("规?" in n for n in plan.noise)


@pytest.mark.parametrize("directory", seed_dirs())
def test_seed_001_annual_plan(directory: Path) -> None:
    plan = load_seed(SEED_001, directory)
    assert plan.kind == "年度工作计划"
    assert plan.issuer == "科技局"
    assert (plan.period_start, plan.period_end) == (date(2009, 1, 1), date(2009, 12, 31))
    assert len(plan.tasks) == 8
    assert plan.tasks[5].title == "实施知识产权战略,促进创新发展"
    got = [(i.name, i.tier, i.unit, i.target, i.target_max, i.approximate) for i in plan.indicators]
    assert got == [
        ("省级工程中心", "省级", "家", 1, 2, False),
        ("市级工程中心", "市级", "家", 2, 3, False),
        ("国家级高新技术企业", "国家级", "家", 6, 8, False),
        ("省级知识产权优势企业", "省级", "家", 2, None, False),
        ("省级知识产权示范企业", "省级", "家", 1, None, False),
        ("知识产权试点园区", "", "个", 1, None, False),
        ("省级知识产权战略试点企业", "省级", "家", 1, 2, False),
        ("省市级专利技术项目", "省市级", "个", 3, 5, False),
        ("市级知识产权优势企业", "市级", "家", 10, None, True),
    ]
    assert plan.tasks[0].indicator_codes == ("A01", "A02")
    assert plan.tasks[1].indicator_codes == ("A03",)


def test_unknown_seed_refused() -> None:
    with pytest.raises(ValueError, match="no parser for seed 003"):
        load_seed("003_c71c1125cc33fc18.txt")
