"""The header menu and the demo command list every app's nav.py and demo.py, in a fixed order."""

from __future__ import annotations

from pathlib import Path

import pytest

import kechuang
from kechuang.portal import menu
from kechuang.portal.management.commands.demo_load import LOADERS
from tests import factories as f
from tests.pages import client_for, text

PUBLIC = [
    ("园区", "/registry/parks/"),
    ("认定", "/recognition/"),
    ("创新载体", "/carriers/"),
    ("创新联盟", "/carriers/alliances/"),
    ("科技大市场", "/market/"),
    ("政策", "/policies/"),
    ("科技计划", "/programs/"),
    ("仪器共享", "/resources/"),
]
ORG = [
    ("主体库", "/registry/organizations/"),
    ("园区", "/registry/parks/"),
    ("认定", "/recognition/"),
    ("创新载体", "/carriers/"),
    ("创新联盟", "/carriers/alliances/"),
    ("我的申报", "/recognition/mine/"),
    ("科技大市场", "/market/"),
    ("政策", "/policies/"),
    ("我的政策", "/policies/mine/"),
    ("科技计划", "/programs/"),
    ("我的项目申报", "/programs/mine/"),
    ("知识产权", "/quality/mine/"),
    ("投诉与维权", "/quality/complaints/"),
    ("仪器共享", "/resources/"),
    ("我的创新券", "/resources/vouchers/"),
]
ADMIN = [
    ("主体库", "/registry/organizations/"),
    ("主体核验", "/registry/verification/"),
    ("Excel导入", "/registry/organizations/import/"),
    ("专家库", "/registry/experts/"),
    ("园区", "/registry/parks/"),
    ("认定", "/recognition/"),
    ("创新载体", "/carriers/"),
    ("创新联盟", "/carriers/alliances/"),
    ("科技大市场", "/market/"),
    ("成果审核", "/market/review/"),
    ("技术合同统计", "/market/contracts/statistics/"),
    ("政策", "/policies/"),
    ("政策兑现审核", "/policies/review/"),
    ("政策文件库", "/policies/documents/"),
    ("科技计划", "/programs/"),
    ("投诉与维权", "/quality/complaints/"),
    ("目标考核", "/targets/"),
    ("仪器共享", "/resources/"),
    ("创新券结算", "/resources/officer/settlements/"),
]
OFFICER = [
    *ADMIN[:8],
    ("认定管理", "/recognition/officer/"),
    ("认定类别", "/recognition/officer/schemes/"),
    *ADMIN[8:15],
    ("项目申报受理", "/programs/officer/"),
    *ADMIN[15:],
]
COMPLAINTS = ("投诉与维权", "/quality/complaints/")  # quality's section comes before resources'
SIGNED_IN = [*PUBLIC[:7], COMPLAINTS, *PUBLIC[7:]]
EXPERT = [
    SIGNED_IN[0],
    ("我的专家信息", "/registry/experts/me/"),
    *SIGNED_IN[1:4],
    ("评审任务", "/review/"),
    *SIGNED_IN[4:],
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", PUBLIC),
        ("norole", SIGNED_IN),
        ("org_admin", ORG),
        ("org_member", ORG),
        ("officer", OFFICER),
        ("admin", ADMIN),
        ("expert", EXPERT),
    ],
)
def test_header_menu_per_role_in_app_order(cast, who, expected):
    user = {"anonymous": None, "expert": f.ExpertFactory(user__username="expert").user}.get(who)
    response = client_for(user if who in ("anonymous", "expert") else getattr(cast, who)).get("/")
    assert response.context["nav"]["items"] == expected
    header = text(response).split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
    links = [f'<a href="{url}">{label}</a>' for label, url in expected]
    assert '<a href="/" class="active">首页</a>' in header
    assert header.index(links[0]) < header.index(links[-1]) and all(link in header for link in links)


def _apps_with(module: str) -> set[str]:
    root = Path(kechuang.__file__).parent
    # a module or a package of that name (the registry's demo is a package)
    files = {p.parent.name for p in root.glob(f"*/{module}.py")}
    return files | {p.parent.parent.name for p in root.glob(f"*/{module}/__init__.py")}


def test_every_apps_nav_is_in_the_menu():
    listed = [fn.__module__ for fn in menu.SECTIONS]
    assert sorted(listed) == sorted(f"kechuang.{app}.nav" for app in _apps_with("nav"))


def test_every_apps_demo_is_loaded_registry_first():
    names = [name for name, _module in LOADERS]
    assert names[0] == "registry"
    assert {name: module.__name__ for name, module in LOADERS} == {
        app: f"kechuang.{app}.demo" for app in _apps_with("demo")
    }
