"""Demo announcements (通知公告) of 长春市科学技术局, as a bureau's portal would carry them: calls opening,
publicity, reminders of deadlines, and one withdrawn notice and one draft so the officer's desk shows
every state. Loaded last (they point at what the other apps' demo data opened)."""

from __future__ import annotations

import random
from typing import TextIO

from kechuang.accounts.models import User
from kechuang.portal import services
from kechuang.portal.choices import AnnouncementKind, AnnouncementStatus
from kechuang.registry.models import Department

NOTICES: tuple[tuple[str, str, str, bool], ...] = (
    (
        AnnouncementKind.NOTICE,
        "关于组织申报2026年度长春市科技发展计划项目的通知",
        "各县（市）区科技主管部门，各有关单位：\n\n"
        "根据《长春市科技发展计划管理办法》，现组织申报2026年度市科技发展计划项目。"
        "申报单位请登录科创服务平台“科技计划”栏目，阅读申报指南，在截止日期前完成网上申报。\n\n"
        "一、申报条件：在本市注册、具有独立法人资格的企业、高等学校和科研院所；未被列入科研失信名单。\n"
        "二、限项要求：项目负责人同期主持在研市级项目不超过1项。\n"
        "三、咨询电话：0431-88000000（工作日8:30—16:30）。",
        True,
    ),
    (
        AnnouncementKind.NOTICE,
        "关于开展2026年度高新技术企业认定工作的通知",
        "各有关企业：\n\n"
        "依据《高新技术企业认定管理办法》（国科发火〔2016〕32号）及其工作指引，现开展本年度高新技术企业认定工作。"
        "企业可先在“我的政策”中查看系统按条文核对的结果，再在“认定申报”中提交材料。",
        False,
    ),
    (
        AnnouncementKind.REMINDER,
        "提醒：请于6月30日前填报上年度统计数据",
        "年度统计数据是认定、计划项目和政策兑现的依据。尚未填报的单位，请登录平台在首页工作台点击“填报年度统计数据”。",
        False,
    ),
    (
        AnnouncementKind.NEWS,
        "长春市举办2026年产学研对接活动暨科技成果发布会",
        "本次活动发布吉林大学、中国科学院长春光学精密机械与物理研究所等单位科技成果，"
        "现场达成合作意向。更多成果可在平台“科技大市场”检索，并在线发起对接。",
        False,
    ),
    (
        AnnouncementKind.NEWS,
        "2026年全国知识产权宣传周长春市活动圆满举办",
        "4月20日至26日，市科学技术局会同有关部门开展知识产权宣传周活动，举办专利转化运用讲座和企业知识产权管理培训。",
        False,
    ),
    (
        AnnouncementKind.REMINDER,
        "创新券使用提醒：本年度创新券将于12月31日到期",
        "已领取创新券的企业，请在有效期内预约仪器或服务并完成抵扣；到期未使用的额度将收回。",
        False,
    ),
)


def load(*, stdout: TextIO, rng: random.Random) -> None:
    officer = User.objects.filter(username="officer").first()
    bureau = Department.objects.filter(name="长春市科学技术局").first()
    if officer is None or bureau is None:
        stdout.write("  portal: no officer of 长春市科学技术局, no announcements")
        return
    for kind, title, body, pinned in NOTICES:
        notice = services.announcement_create(
            actor=officer,
            department=bureau,
            data={"kind": kind, "title": title, "body": body, "pinned": pinned},
        )
        services.announcement_transition(announcement=notice, actor=officer, to=AnnouncementStatus.PUBLISHED)
    withdrawn = services.announcement_create(
        actor=officer,
        department=bureau,
        data={
            "title": "关于调整科技活动月安排的通知（已更正）",
            "body": "本通知有误，已撤下，以更正后的通知为准。",
        },
    )
    services.announcement_transition(announcement=withdrawn, actor=officer, to=AnnouncementStatus.PUBLISHED)
    services.announcement_transition(announcement=withdrawn, actor=officer, to=AnnouncementStatus.WITHDRAWN)
    services.announcement_create(
        actor=officer,
        department=bureau,
        data={
            "title": "关于公布2026年度市级企业技术中心名单的通知（草稿）",
            "body": "经企业申报、形式审查、专家评审和公示，现将名单公布如下。",
        },
    )
    stdout.write(f"  portal: {len(NOTICES) + 2} announcements (one withdrawn, one draft)")
