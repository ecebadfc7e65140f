from __future__ import annotations

import pytest

from kechuang.matching import Document, MatchingIndex

DOCS = [
    Document(
        id="a1",
        title="稀土镁合金压铸技术",
        abstract="本成果提出一种稀土镁合金高压压铸工艺,显著提高汽车零部件的强度和耐腐蚀性能。",
        keywords=("稀土镁合金", "压铸"),
        industry="C3311",
        region="220102",
        maturity="pilot",
        trl=6,
        transfer_modes=("转让", "许可"),
        org_kind="university",
        kind="achievement",
    ),
    Document(
        id="a2",
        title="湖泊水体富营养化评价模型",
        abstract="建立基于随机模拟和三角模糊数的湖泊水体富营养化评价耦合模型,用于水环境监测。",
        keywords=("富营养化", "湖泊", "三角模糊数"),
        industry="N7722",
        region="640100",
        maturity="lab",
        trl=3,
        transfer_modes=("技术服务",),
        org_kind="institute",
        kind="achievement",
    ),
    Document(
        id="a3",
        title="铝合金轮毂低压铸造工艺",
        abstract="研究铝合金轮毂低压铸造过程中的缩孔缺陷控制,提高汽车轮毂合格率。",
        keywords=("铝合金", "低压铸造", "轮毂"),
        industry="C3316",
        region="220200",
        maturity="industrial",
        trl=8,
        transfer_modes=("合作开发",),
        org_kind="enterprise",
        kind="achievement",
    ),
    Document(
        id="a4",
        title="玉米秸秆生物质发电",
        abstract="利用玉米秸秆进行生物质直燃发电,降低农业废弃物污染,提高农民收入。",
        keywords=("秸秆", "生物质发电"),
        industry="D4417",
        region="220100",
        maturity="industrial",
        trl=9,
        transfer_modes=("作价投资",),
        org_kind="enterprise",
        kind="achievement",
    ),
    Document(
        id="a5",
        title="镁合金表面微弧氧化防腐涂层",
        abstract="针对镁合金耐腐蚀性差的问题,采用微弧氧化制备陶瓷涂层,用于汽车和电子产品外壳。",
        keywords=("镁合金", "微弧氧化", "耐腐蚀"),
        industry="C3360",
        region="110108",
        maturity="lab",
        trl=4,
        transfer_modes=("许可",),
        org_kind="university",
        kind="achievement",
    ),
]


def filler(n: int) -> list[Document]:
    """Extra background documents so the LSA space can be learnt (it needs ≥ 20 documents)."""
    topics = [
        "水稻 病虫害 绿色防控 农药 减量",
        "锂电池 正极材料 循环寿命 储能",
        "图像识别 深度学习 卷积神经网络 缺陷检测",
        "中药 提取 工艺 有效成分 质量控制",
        "桥梁 混凝土 裂缝 监测 传感器",
    ]
    return [
        Document(id=f"f{i}", abstract=f"{topics[i % len(topics)]} 研究 第{i}号 报告", kind="achievement")
        for i in range(n)
    ]


@pytest.fixture
def index(tmp_path) -> MatchingIndex:
    idx = MatchingIndex(tmp_path / "idx", workers=1)
    idx.add([*DOCS, *filler(40)])
    return idx
