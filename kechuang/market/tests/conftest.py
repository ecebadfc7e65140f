from __future__ import annotations

import pytest

from kechuang.market import search, services
from kechuang.registry.models import Industry, Organization, Region
from tests import factories as f


@pytest.fixture(autouse=True)
def market_index(tmp_path, settings):
    """Each test gets its own empty matching indexes."""
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    search.reset_cache()
    yield
    search.reset_cache()


@pytest.fixture
def university(db) -> Organization:
    return f.OrganizationFactory(name="吉林大学", kind="university", region=Region.objects.get(code="220102"))


@pytest.fixture
def uni_admin(university):
    return f.MembershipFactory(organization=university, user__username="uni_admin").user


def achievement_data(**overrides):
    data = {
        "title": "稀土镁合金高压压铸技术",
        "summary": "一种稀土镁合金高压压铸工艺，提高汽车零部件强度和耐腐蚀性能，适用于轮毂和壳体。",
        "keywords": ["稀土镁合金", "压铸", "汽车零部件"],
        "inventors": "张三，李四",
        "field": Industry.objects.filter(code_with_section="C33").values_list("code", flat=True).first(),
        "maturity": "pilot",
        "trl": 6,
        "patents": ["ZL201810000001.X"],
        "transfer_modes": ["转让", "许可"],
        "price": "500000",
    }
    data.update(overrides)
    return data


def demand_data(**overrides):
    data = {
        "title": "汽车轮毂轻量化材料",
        "problem": "我公司生产汽车轮毂，需要镁合金压铸轻量化技术，提高强度并降低重量。",
        "confidential_detail": "现有模具参数：压射速度 5m/s，良品率 82%。",
        "keywords": ["镁合金", "轻量化", "压铸"],
        "field": Industry.objects.filter(code_with_section="C36").values_list("code", flat=True).first(),
        "budget": "1000000",
        "cooperation_modes": ["合作开发", "转让"],
        "min_trl": 5,
    }
    data.update(overrides)
    return data


@pytest.fixture
def published(cast, university, uni_admin):
    """A published achievement of the university (reviewed by the 长春 officer)."""
    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    services.achievement_submit(achievement=a, actor=uni_admin)
    services.achievement_review(achievement=a, actor=cast.officer, approve=True)
    return a


@pytest.fixture
def background(cast, university, uni_admin):
    """More published achievements so suggestions have something to rank."""
    texts = [
        ("玉米秸秆生物质发电技术", "利用玉米秸秆直燃发电，降低农业废弃物污染。", ["秸秆", "生物质发电"], 8),
        (
            "湖泊水体富营养化评价模型",
            "基于随机模拟和三角模糊数的湖泊富营养化评价方法。",
            ["富营养化", "湖泊"],
            3,
        ),
        (
            "镁合金微弧氧化防腐涂层",
            "镁合金表面微弧氧化陶瓷涂层，提高耐腐蚀性，用于汽车和电子外壳。",
            ["镁合金", "微弧氧化"],
            3,
        ),
        ("锂电池正极材料制备", "高镍三元正极材料的共沉淀制备工艺，提高循环寿命。", ["锂电池", "正极材料"], 5),
        ("图像识别缺陷检测系统", "基于深度学习的工业零件表面缺陷检测。", ["深度学习", "缺陷检测"], 7),
    ]
    out = []
    for i in range(5):
        for title, summary, kw, trl in texts:
            a = services.achievement_create(
                actor=uni_admin,
                owner=university,
                data=achievement_data(title=f"{title}（{i}）", summary=summary, keywords=kw, trl=trl),
            )
            services.achievement_submit(achievement=a, actor=uni_admin)
            services.achievement_review(achievement=a, actor=cast.officer, approve=True)
            out.append(a)
    return out
