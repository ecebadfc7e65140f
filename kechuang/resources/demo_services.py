"""Demo service agencies, a voucher application and S&T commissioners, on the demo registry: the
intermediaries of 长春市 (知识产权代理, 检验检测, 技术转移, 科技咨询) list real kinds of services at
realistic prices, one is checked in a 长春 park, the demo enterprise orders a test that is delivered and paid
in part with its voucher; it applies for more vouchers; the demo university's user serves as a commissioner
at the enterprise with two work logs (one confirmed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone

from kechuang.registry.models import Organization, Park, Region
from kechuang.resources.choices import OrderStatus
from kechuang.resources.models import Voucher, VoucherScheme
from kechuang.resources.services.agencies import (
    agency_register,
    order_deliver,
    order_request,
    order_transition,
    presence_record,
    service_create,
)
from kechuang.resources.services.applications import voucher_apply
from kechuang.resources.services.commissioners import (
    commissioner_add,
    dispatch_create,
    worklog_confirm,
    worklog_submit,
)
from kechuang.resources.services.vouchers import voucher_redeem_order

# (word in the intermediary's name, agency kind, [(service, service kind, price 元, unit)])
CATALOGUE = [
    (
        "检验检测",
        "testing",
        [
            ("金属材料力学性能检测（拉伸、冲击、硬度）", "testing", 800, "组"),
            ("化学成分光谱分析", "testing", 300, "样"),
            ("电子产品环境可靠性试验（高低温、湿热）", "testing", 2500, "项"),
        ],
    ),
    (
        "知识产权代理",
        "patent",
        [
            ("发明专利申请代理", "patent", 6000, "件"),
            ("专利导航与技术查新", "patent", 8000, "项"),
        ],
    ),
    (
        "技术转移服务",
        "tech_transfer",
        [
            ("技术合同认定登记辅导", "tech_transfer", 1500, "份"),
            ("科技成果评价", "tech_transfer", 12000, "项"),
        ],
    ),
    (
        "科技咨询",
        "consulting",
        [
            ("高新技术企业认定咨询", "consulting", 10000, "次"),
            ("研发费用加计扣除辅导", "consulting", 5000, "次"),
        ],
    ),
]


def load_services(
    *, stdout: TextIO, admin: Any, officer: Any, enterprise_user: Any, university_user: Any, voucher: Voucher
) -> None:
    changchun = Region.objects.get(code="220100")
    enterprise = voucher.enterprise
    agencies = []
    for word, kind, services in CATALOGUE:
        org = (
            Organization.objects.filter(
                kind="intermediary", name__contains=word, region_path__startswith=changchun.path
            )
            .order_by("id")
            .first()
        )
        if org is None:
            continue
        agency = agency_register(
            actor=admin,
            organization=org,
            kind=kind,
            description=f"{org.name}，面向长春市企业提供{word}服务。",
        )
        listed = [
            service_create(
                actor=admin,
                agency=agency,
                name=name,
                kind=skind,
                price=Decimal(price),
                unit=unit,
                region_served=changchun,
                description=f"{name}，出具正式报告或文书。",
            )
            for name, skind, price, unit in services
        ]
        agencies.append((agency, listed))
    park = Park.objects.filter(region__path__startswith=changchun.path).order_by("id").first()
    if agencies and park is not None:
        presence_record(
            actor=officer, agency=agencies[0][0], park=park, has_sign=True, staff=3, has_office=True,
            service_records=26, note="在园区服务大厅设窗口",
        )  # fmt: skip
    if agencies:
        agency, listed = agencies[0]
        agency_admin = agency.organization.memberships.filter(role="admin").first()
        actor = agency_admin.user if agency_admin else admin
        order = order_request(
            actor=enterprise_user, service=listed[0], enterprise=enterprise,
            description="激光器外壳铝合金拉伸与硬度检测，5组试样",
        )  # fmt: skip
        order_transition(order=order, to=OrderStatus.ACCEPTED, actor=actor)
        order_deliver(
            order=order, actor=actor, fee=Decimal("4000"), delivery_note="检测报告编号CCJC-2026-0318"
        )
        voucher_redeem_order(actor=enterprise_user, voucher=voucher, order=order)
        order_request(
            actor=enterprise_user,
            service=listed[1],
            enterprise=enterprise,
            description="外壳合金成分复核，2个样品",
        )
    scheme = VoucherScheme.objects.get(pk=voucher.scheme_id)
    voucher_apply(
        actor=enterprise_user, scheme=scheme, enterprise=enterprise, amount=Decimal("50000"),
        purpose="下半年委托第三方检测与专利导航服务",
    )  # fmt: skip
    stdout.write(f"  resources: {len(agencies)} service agencies, 2 service orders, 1 voucher application\n")
    _commissioners(stdout=stdout, officer=officer, university_user=university_user, enterprise=enterprise)


def _commissioners(*, stdout: TextIO, officer: Any, university_user: Any, enterprise: Organization) -> None:
    membership = university_user.memberships.select_related("organization").first()
    if membership is None:
        return
    commissioner = commissioner_add(
        actor=officer, user=university_user, home=membership.organization, expertise="光电子器件封装与可靠性"
    )
    today = timezone.localdate()
    dispatch = dispatch_create(
        actor=officer, commissioner=commissioner, host_kind="enterprise", organization=enterprise,
        agreement_no="CCKJ-TPY-2026-017", agreement_summary="指导激光器封装工艺改进，培训技术人员",
        starts_on=today - dt.timedelta(days=60), ends_on=today + dt.timedelta(days=305),
    )  # fmt: skip
    visit = worklog_submit(
        actor=university_user, dispatch=dispatch, kind="problem", worked_on=today - dt.timedelta(days=20),
        summary="分析封装焊点空洞成因，调整回流焊温度曲线", problems_solved=1,
    )  # fmt: skip
    enterprise_admin = enterprise.memberships.filter(role="admin").first()
    if enterprise_admin is not None:
        worklog_confirm(actor=enterprise_admin.user, log=visit, rating=5, comment="空洞率明显下降")
    worklog_submit(
        actor=university_user, dispatch=dispatch, kind="training", worked_on=today - dt.timedelta(days=5),
        summary="封装工艺与可靠性培训", trainees=24,
    )  # fmt: skip
    stdout.write("  resources: 1 S&T commissioner dispatched, 2 work logs\n")
