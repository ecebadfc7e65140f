"""The header menu and the demo command list every app's nav.py and demo.py, in a fixed order."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

import kechuang
from kechuang.portal import menu
from kechuang.portal.management.commands.demo_load import LOADERS
from tests import factories as f
from tests.pages import client_for, text

# The menu each role sees, in the apps' order (portal/menu.py SECTIONS); written out in full so that an
# entry gained or lost by any app fails here until it is meant.
PUBLIC = [
    ("园区", "/registry/parks/"),
    ("认定", "/recognition/"),
    ("创新载体", "/carriers/"),
    ("创新联盟", "/carriers/alliances/"),
    ("科技大市场", "/market/"),
    ("政策", "/policies/"),
    ("科技计划", "/programs/"),
    ("仪器共享", "/resources/"),
    ("科技服务", "/resources/services/"),
    ("科技特派员", "/resources/commissioners/"),
    ("通知公告", "/notices/"),
    ("办事指南", "/guides/"),
    ("全站搜索", "/search/"),
]
SIGNED_IN = [
    ("园区", "/registry/parks/"),
    ("认定", "/recognition/"),
    ("创新载体", "/carriers/"),
    ("创新联盟", "/carriers/alliances/"),
    ("科技大市场", "/market/"),
    ("政策", "/policies/"),
    ("科技计划", "/programs/"),
    ("投诉与维权", "/quality/complaints/"),
    ("宣传与科普活动", "/quality/events/"),
    ("仪器共享", "/resources/"),
    ("科技服务", "/resources/services/"),
    ("科技特派员", "/resources/commissioners/"),
    ("通知公告", "/notices/"),
    ("办事指南", "/guides/"),
    ("全站搜索", "/search/"),
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
    ("我的项目", "/programs/projects/mine/"),
    ("知识产权", "/quality/mine/"),
    ("投诉与维权", "/quality/complaints/"),
    ("宣传与科普活动", "/quality/events/"),
    ("仪器共享", "/resources/"),
    ("科技服务", "/resources/services/"),
    ("科技特派员", "/resources/commissioners/"),
    ("我的创新券", "/resources/vouchers/"),
    ("开放共享评价", "/resources/evaluation/"),
    ("通知公告", "/notices/"),
    ("办事指南", "/guides/"),
    ("全站搜索", "/search/"),
]
OFFICER = [
    ("主体库", "/registry/organizations/"),
    ("主体统计", "/registry/overview/"),
    ("主体核验", "/registry/verification/"),
    ("Excel导入", "/registry/organizations/import/"),
    ("失信名单", "/registry/integrity/"),
    ("专家库", "/registry/experts/"),
    ("政府部门", "/registry/departments/"),
    ("园区", "/registry/parks/"),
    ("认定", "/recognition/"),
    ("创新载体", "/carriers/"),
    ("创新联盟", "/carriers/alliances/"),
    ("认定管理", "/recognition/officer/"),
    ("认定类别", "/recognition/officer/schemes/"),
    ("科技大市场", "/market/"),
    ("成果审核", "/market/review/"),
    ("技术合同统计", "/market/contracts/statistics/"),
    ("政策", "/policies/"),
    ("政策兑现审核", "/policies/review/"),
    ("政策文件库", "/policies/documents/"),
    ("科技计划", "/programs/"),
    ("项目申报受理", "/programs/officer/"),
    ("计划与指南设置", "/programs/setup/"),
    ("项目执行管理", "/programs/projects/execution/"),
    ("投诉与维权", "/quality/complaints/"),
    ("宣传与科普活动", "/quality/events/"),
    ("目标考核", "/targets/"),
    ("仪器共享", "/resources/"),
    ("科技服务", "/resources/services/"),
    ("科技特派员", "/resources/commissioners/"),
    ("开放共享评价", "/resources/evaluation/"),
    ("创新券申领审核", "/resources/officer/applications/"),
    ("创新券结算", "/resources/officer/settlements/"),
    ("通知公告", "/notices/"),
    ("办事指南", "/guides/"),
    ("全站搜索", "/search/"),
    ("发布通知公告", "/notices/manage/"),
]
ADMIN = [
    ("主体库", "/registry/organizations/"),
    ("主体统计", "/registry/overview/"),
    ("主体核验", "/registry/verification/"),
    ("Excel导入", "/registry/organizations/import/"),
    ("失信名单", "/registry/integrity/"),
    ("专家库", "/registry/experts/"),
    ("政府部门", "/registry/departments/"),
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
    ("宣传与科普活动", "/quality/events/"),
    ("目标考核", "/targets/"),
    ("仪器共享", "/resources/"),
    ("科技服务", "/resources/services/"),
    ("科技特派员", "/resources/commissioners/"),
    ("开放共享评价", "/resources/evaluation/"),
    ("创新券申领审核", "/resources/officer/applications/"),
    ("创新券结算", "/resources/officer/settlements/"),
    ("通知公告", "/notices/"),
    ("办事指南", "/guides/"),
    ("全站搜索", "/search/"),
    ("发布通知公告", "/notices/manage/"),
]
EXPERT = [
    ("园区", "/registry/parks/"),
    ("我的专家信息", "/registry/experts/me/"),
    ("认定", "/recognition/"),
    ("创新载体", "/carriers/"),
    ("创新联盟", "/carriers/alliances/"),
    ("评审任务", "/review/"),
    ("科技大市场", "/market/"),
    ("政策", "/policies/"),
    ("科技计划", "/programs/"),
    ("计划项目评审", "/programs/expert/"),
    ("投诉与维权", "/quality/complaints/"),
    ("宣传与科普活动", "/quality/events/"),
    ("仪器共享", "/resources/"),
    ("科技服务", "/resources/services/"),
    ("科技特派员", "/resources/commissioners/"),
    ("通知公告", "/notices/"),
    ("办事指南", "/guides/"),
    ("全站搜索", "/search/"),
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
    menu_html = "mainnav" if who == "anonymous" else "sidemenu"
    header = text(response).split(f'<nav class="{menu_html}"', 1)[1].split("</nav>", 1)[0]
    links = [f'<a href="{url}">{label}</a>' for label, url in expected]
    assert header.count('class="active"') + header.count(' active"') == 1
    assert header.index(links[0]) < header.index(links[-1]) and all(link in header for link in links)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "active"),
    [
        ("/registry/organizations/", "主体库"),
        ("/registry/organizations/import/", "Excel导入"),  # the longer prefix wins over 主体库
        ("/market/review/", "成果审核"),
        ("/policies/review/", "政策兑现审核"),
    ],
)
def test_exactly_one_menu_entry_is_active(cast, path, active):
    groups = menu.groups(cast.officer, path)
    assert [e.label for g in groups for e in g.entries if e.active] == [active]
    assert [g.label for g in groups if g.active] == [
        next(g.label for g in groups if any(e.label == active for e in g.entries))
    ]


@pytest.mark.django_db
def test_officer_menu_is_grouped_by_capability(cast):
    labels = [g.label for g in menu.groups(cast.officer)]
    assert labels == [
        "主体与园区",
        "认定与评审",
        "成果转化",
        "政策服务",
        "科技计划",
        "知识产权与维权",
        "目标考核",
        "资源共享",
        "公开信息",
    ]
    response = client_for(cast.officer).get("/registry/organizations/")
    side = text(response).split('<nav class="sidemenu"', 1)[1].split("</nav>", 1)[0]
    assert side.count('aria-current="page"') == 1 and '<h2 class="side-title">主体与园区</h2>' in side


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["anonymous", "norole", "org_admin", "org_member", "officer", "admin", "expert"]
)
def test_every_menu_entry_opens_for_its_user(cast, who):
    user = {"anonymous": None, "expert": f.ExpertFactory(user__username="expert").user}.get(who)
    user = user if who in ("anonymous", "expert") else getattr(cast, who)
    client = client_for(user)
    for label, url in menu.items(user if user is not None else AnonymousUser()):
        assert client.get(url, follow=True).status_code == 200, (who, label, url)


def _apps_with(module: str) -> set[str]:
    root = Path(kechuang.__file__).parent
    # a module or a package of that name (the registry's demo is a package)
    files = {p.parent.name for p in root.glob(f"*/{module}.py")}
    return files | {p.parent.parent.name for p in root.glob(f"*/{module}/__init__.py")}


def test_every_apps_nav_is_in_the_menu():
    listed = [fn.__module__ for _label, sources in menu.SECTIONS for fn in sources]
    assert sorted(listed) == sorted(f"kechuang.{app}.nav" for app in _apps_with("nav"))


def test_every_apps_demo_is_loaded_registry_first():
    names = [name for name, _module in LOADERS]
    assert names[0] == "registry"
    assert {name: module.__name__ for name, module in LOADERS} == {
        app: f"kechuang.{app}.demo" for app in _apps_with("demo")
    }
