"""The demo's fixed tables: who signs in, where organizations are, what they make, the real universities,
institutes and parks of 吉林省, and the words generated names are made of.

Nothing here draws on ``rng``; :mod:`.builder` does the drawing and :mod:`.loader` the writing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from kechuang.registry.choices import DepartmentKind, ParkKind, ParkLevel, SizeClass
from kechuang.registry.validators import uscc_check_digit

PROVINCE = "220000"
YEARS = range(2021, 2026)
# Earlier statistics, so the seed plan's period (2014–2020) has figures: drawn from a generator of each
# firm's own (``builder.Builder.history``), so every 2021–2025 figure and every later draw stays as it was.
HISTORY_YEARS = range(2013, 2021)
# The demo holds a sample of the province's enterprises; their valid invention patents are scaled so the
# province total sits where the plan's target does (about 2,400 in 2020), not twenty times above it.
PATENT_SCALE = 12
TODAY = dt.date(2026, 11, 26)


@dataclasses.dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    display_name: str
    role: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Kechuang-Admin-2026", "平台管理员", "平台管理员 (platform admin)"),
    DemoUser(
        "officer", "Kechuang-Officer-2026", "长春市科技局 王立新", "长春市科学技术局 工作人员（长春市）"
    ),
    DemoUser("province", "Kechuang-Province-2026", "吉林省科技厅 赵敏", "吉林省科学技术厅 工作人员（全省）"),
    DemoUser("enterprise", "Kechuang-Enterprise-2026", "李明", "企业管理员（长春启明光电科技股份有限公司）"),
    DemoUser("member", "Kechuang-Member-2026", "陈静", "企业成员（长春启明光电科技股份有限公司）"),
    DemoUser("university", "Kechuang-University-2026", "吉林大学 孙浩", "高校管理员（吉林大学）"),
    DemoUser("expert", "Kechuang-Expert-2026", "刘建国 教授", "评审专家"),
)
ANCHOR_NAME = "长春启明光电科技股份有限公司"
_ANCHOR_BODY = "91220104MA0Y7Q3K1"  # 长春市朝阳区; the check digit is computed
ANCHOR_USCC = _ANCHOR_BODY + uscc_check_digit(_ANCHOR_BODY)

# ---------------------------------------------------------------------------------------------------------
# Static tables

# The prefectures: share of the province's organizations (roughly its economic weight), telephone area
# code, and the short place name that starts company names.
PREFECTURES = {
    "220100": (46, "0431", "长春"),  # 长春市
    "220200": (15, "0432", "吉林"),  # 吉林市
    "220300": (6, "0434", "四平"),  # 四平市
    "220400": (3, "0437", "辽源"),  # 辽源市
    "220500": (7, "0435", "通化"),  # 通化市
    "220600": (4, "0439", "白山"),  # 白山市
    "220700": (7, "0438", "松原"),  # 松原市
    "220800": (4, "0436", "白城"),  # 白城市
    "222400": (8, "0433", "延边"),  # 延边朝鲜族自治州
}
PREFECTURE_WEIGHTS = {code: weight for code, (weight, _area, _place) in PREFECTURES.items()}
AREA_CODES = {code: area for code, (_weight, area, _place) in PREFECTURES.items()}
PLACE_NAMES = {code: place for code, (_weight, _area, place) in PREFECTURES.items()}


@dataclasses.dataclass(frozen=True)
class Sector:
    """An industry division with how common it is here and the words its companies' names use."""

    division: str
    weight: int
    words: tuple[tuple[str, str], ...]  # (word in the name, matching GB/T 4754 classes, space-separated)
    manufacturing: bool = True
    tech: float = 1.0  # how likely its firms are to hold technology designations


SECTORS: tuple[Sector, ...] = (
    Sector(
        "36",
        14,
        (
            ("汽车零部件", "3670"),
            ("汽车电子", "3670 3962"),
            ("汽车部件", "3670"),
            ("车桥", "3670"),
            ("专用汽车", "3630 3660"),
        ),
        tech=1.3,
    ),
    Sector(
        "39",
        8,
        (
            ("光电", "3976"),
            ("光电子", "3976"),
            ("电子", "3981 3982 3979"),
            ("微电子", "3973 3972"),
            ("传感技术", "3983"),
        ),
        tech=2.0,
    ),
    Sector(
        "40",
        5,
        (
            ("光学仪器", "4040"),
            ("精密仪器", "4014 4015"),
            ("仪器仪表", "4011 4012"),
            ("测控技术", "4011 4028"),
        ),
        tech=2.0,
    ),
    Sector(
        "27",
        8,
        (
            ("药业", "2720 2740"),
            ("生物制药", "2761 2762"),
            ("生物科技", "2761"),
            ("医药", "2710 2720"),
            ("中药", "2740 2730"),
        ),
        tech=1.8,
    ),
    Sector("26", 6, (("化工", "2614 2619"), ("新材料", "2651 2659"), ("精细化工", "2661 2662")), tech=1.2),
    Sector(
        "13",
        7,
        (
            ("粮油", "1331 1313"),
            ("米业", "1311"),
            ("农产品加工", "1313 1391 1371"),
            ("饲料", "1329"),
            ("肉业", "1353"),
        ),
        tech=0.5,
    ),
    Sector("14", 3, (("食品", "1431 1432"), ("人参制品", "1492 1491"), ("乳业", "1441 1442")), tech=0.6),
    Sector("15", 2, (("酒业", "1512 1515"), ("饮品", "1529 1524"), ("矿泉水", "1522")), tech=0.3),
    Sector(
        "38",
        5,
        (
            ("电气", "3823 3829"),
            ("电力设备", "3821 3823"),
            ("电机", "3812 3813"),
            ("电池", "3841"),
            ("线缆", "3831"),
        ),
        tech=1.4,
    ),
    Sector(
        "34",
        5,
        (
            ("机械", "3484 3499"),
            ("机床", "3421 3425"),
            ("液压", "3444"),
            ("机器人", "3491"),
            ("轴承", "3451"),
        ),
        tech=1.2,
    ),
    Sector(
        "35",
        4,
        (("专用设备", "3599"), ("农机装备", "3572 3571"), ("医疗器械", "3581 3584"), ("环保设备", "3591")),
        tech=1.5,
    ),
    Sector(
        "37",
        3,
        (("轨道交通装备", "3720 3715"), ("航空科技", "3744"), ("卫星技术", "3743"), ("轨道客车配件", "3715")),
        tech=1.6,
    ),
    Sector(
        "30", 3, (("建材", "3021 3024"), ("玄武岩纤维", "3061 3099"), ("特种玻璃", "3042 3052")), tech=0.8
    ),
    Sector("32", 2, (("铝业", "3252"), ("有色金属", "3240"), ("镁合金", "3240 3259")), tech=0.9),
    Sector("20", 2, (("木业", "2021 2034"), ("林产品", "2039")), tech=0.4),
    Sector(
        "44",
        2,
        (("热电", "4412 4430"), ("新能源", "4415 4416"), ("生物质能源", "4417")),
        manufacturing=False,
        tech=0.5,
    ),
    Sector(
        "65",
        9,
        (
            ("软件", "6513 6511"),
            ("信息技术", "6531 6560"),
            ("数据科技", "6550"),
            ("物联网科技", "6532"),
            ("芯片设计", "6520"),
        ),
        manufacturing=False,
        tech=2.0,
    ),
    Sector("64", 2, (("互联网科技", "6431 6490"), ("网络安全技术", "6440")), manufacturing=False, tech=1.5),
    Sector(
        "73",
        3,
        (("科技", "7320"), ("生物技术研究", "7310 7340"), ("新材料研究", "7320"), ("农业科学研究", "7330")),
        manufacturing=False,
        tech=2.2,
    ),
    Sector(
        "74",
        3,
        (("检测技术", "7452"), ("工程技术", "7484 7499"), ("工业设计", "7491")),
        manufacturing=False,
        tech=1.3,
    ),
    Sector(
        "75",
        2,
        (("技术转移", "7530"), ("新能源技术", "7515"), ("节能技术", "7514")),
        manufacturing=False,
        tech=1.2,
    ),
    Sector(
        "01",
        2,
        (("农业科技", "0190 0113"), ("种业", "0113 0119"), ("人参种植", "0171")),
        manufacturing=False,
        tech=0.6,
    ),
    Sector("05", 1, (("农业服务", "0519 0514"), ("农机服务", "0512")), manufacturing=False, tech=0.4),
)
BRAND_CHARS = (
    "华天鸿瑞博金中恒宏盛远达新信通泰嘉昊睿启明智祥东北吉鼎航凯丰源力卓越锐宇腾辉龙光星亚欧海森德诚安康泽润宁"
)
SIZE_WEIGHTS = {SizeClass.MICRO: 30, SizeClass.SMALL: 42, SizeClass.MEDIUM: 21, SizeClass.LARGE: 7}
EMPLOYEE_RANGE = {
    SizeClass.MICRO: (3, 19),
    SizeClass.SMALL: (20, 299),
    SizeClass.MEDIUM: (300, 999),
    SizeClass.LARGE: (1000, 9000),
}

# Real public institutions of the province: (name, county); institutes (name, GB/T 4754 class, county).
UNIVERSITIES = (
    ("吉林大学", "220104"),
    ("东北师范大学", "220102"),
    ("长春理工大学", "220104"),
    ("长春工业大学", "220104"),
    ("吉林农业大学", "220102"),
    ("长春中医药大学", "220102"),
    ("吉林建筑大学", "220102"),
    ("吉林财经大学", "220102"),
    ("长春大学", "220105"),
    ("长春师范大学", "220105"),
    ("长春工程学院", "220104"),
    ("东北电力大学", "220204"),
    ("北华大学", "220211"),
    ("吉林化工学院", "220203"),
    ("吉林医药学院", "220202"),
    ("吉林师范大学", "220302"),
    ("通化师范学院", "220502"),
    ("白城师范学院", "220802"),
    ("延边大学", "222401"),
)
INSTITUTES = (
    ("中国科学院长春光学精密机械与物理研究所", "7320", "220104"),
    ("中国科学院长春应用化学研究所", "7310", "220104"),
    ("中国科学院东北地理与农业生态研究所", "7310", "220104"),
    ("中国农业科学院特产研究所", "7330", "220102"),
    ("吉林省农业科学院", "7330", "220102"),
    ("吉林省科学技术信息研究所", "7350", "220104"),
    ("吉林省林业科学研究院", "7330", "220102"),
    ("吉林省中医药科学院", "7340", "220104"),
    ("吉林省产品质量监督检验院", "7452", "220104"),
)
INTERMEDIARY_WORDS = (
    ("知识产权代理", "7520"),
    ("技术转移服务", "7530"),
    ("科技咨询", "7530"),
    ("检验检测", "7452"),
    ("会计师事务所", "7241"),
    ("创业孵化器管理", "7540"),
)


@dataclasses.dataclass(frozen=True)
class ParkSpec:
    name: str
    level: str
    kind: str
    region: str
    established: dt.date
    share: float  # share of enterprises of its county that are located in it


# fmt: off
_PARK_ROWS = (
    ("长春高新技术产业开发区", ParkLevel.NATIONAL, ParkKind.HIGH_TECH_ZONE, "220104", dt.date(1991, 3, 6), 0.55),
    ("长春净月高新技术产业开发区", ParkLevel.NATIONAL, ParkKind.HIGH_TECH_ZONE, "220102", dt.date(2012, 8, 19), 0.35),
    ("长春经济技术开发区", ParkLevel.NATIONAL, ParkKind.ECONOMIC_ZONE, "220105", dt.date(1993, 4, 1), 0.4),
    ("长春汽车经济技术开发区", ParkLevel.NATIONAL, ParkKind.ECONOMIC_ZONE, "220106", dt.date(2015, 2, 1), 0.4),
    ("吉林高新技术产业开发区", ParkLevel.NATIONAL, ParkKind.HIGH_TECH_ZONE, "220211", dt.date(1992, 11, 9), 0.5),
    ("吉林经济技术开发区", ParkLevel.NATIONAL, ParkKind.ECONOMIC_ZONE, "220203", dt.date(2010, 4, 1), 0.4),
    ("延吉高新技术产业开发区", ParkLevel.NATIONAL, ParkKind.HIGH_TECH_ZONE, "222401", dt.date(2010, 11, 1), 0.45),
    ("通化医药高新技术产业开发区", ParkLevel.NATIONAL, ParkKind.HIGH_TECH_ZONE, "220502", dt.date(2013, 12, 1), 0.5),
    ("四平红嘴经济技术开发区", ParkLevel.NATIONAL, ParkKind.ECONOMIC_ZONE, "220302", dt.date(2010, 12, 1), 0.35),
    ("松原经济技术开发区", ParkLevel.NATIONAL, ParkKind.ECONOMIC_ZONE, "220702", dt.date(2013, 3, 1), 0.35),
    ("辽源经济开发区", ParkLevel.PROVINCIAL, ParkKind.ECONOMIC_ZONE, "220402", dt.date(2006, 6, 1), 0.35),
    ("白山经济开发区", ParkLevel.PROVINCIAL, ParkKind.ECONOMIC_ZONE, "220602", dt.date(2006, 6, 1), 0.3),
    ("白城工业园区", ParkLevel.PROVINCIAL, ParkKind.INDUSTRIAL_PARK, "220802", dt.date(2006, 6, 1), 0.3),
    ("吉林公主岭国家农业科技园区", ParkLevel.NATIONAL, ParkKind.AGRI_PARK, "220184", dt.date(2001, 9, 1), 0.3),
    ("吉林大学国家大学科技园", ParkLevel.NATIONAL, ParkKind.SCIENCE_PARK, "220104", dt.date(2001, 5, 1), 0.08),
    ("东北师范大学国家大学科技园", ParkLevel.NATIONAL, ParkKind.SCIENCE_PARK, "220102", dt.date(2006, 8, 1), 0.08),
)
# fmt: on
PARKS = tuple(ParkSpec(*row) for row in _PARK_ROWS)

# Department kinds per level: (kind, name suffix at province, name suffix at prefecture).
DEPARTMENTS = (
    (DepartmentKind.SCIENCE, "科学技术厅", "科学技术局"),
    (DepartmentKind.INDUSTRY_IT, "工业和信息化厅", "工业和信息化局"),
    (DepartmentKind.DEVELOPMENT_REFORM, "发展和改革委员会", "发展和改革委员会"),
    (DepartmentKind.MARKET_REGULATION, "市场监督管理厅", "市场监督管理局"),
    (DepartmentKind.QUALITY, "质量技术监督局", "质量技术监督局"),
    (DepartmentKind.FINANCE, "财政厅", "财政局"),
    (DepartmentKind.INTELLECTUAL_PROPERTY, "知识产权局", "知识产权局"),
    (DepartmentKind.EDUCATION, "教育厅", "教育局"),
)
HIGH_TECH_ISSUER = "吉林省科学技术厅、吉林省财政厅、国家税务总局吉林省税务局"

# ---------------------------------------------------------------------------------------------------------
# What generated people's names and addresses are made of

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国立新春雪梅海波宇浩东晨旭"
STREETS = (
    "人民大街",
    "解放大路",
    "自由大路",
    "卫星路",
    "前进大街",
    "硅谷大街",
    "东环城路",
    "吉林大路",
    "长江路",
    "松江路",
    "珲春街",
    "光谷大街",
)
