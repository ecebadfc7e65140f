"""The annual report of a plan (年度目标完成情况报告) as Excel (openpyxl) and PDF (reportlab).

One selector builds the report's content; the two writers only lay it out, so both files say the same.
PDF text uses reportlab's built-in CID font STSong-Light (Adobe-GB1), which needs no font file.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kechuang.targets.models import Plan, SupervisionRecord, Task
from kechuang.targets.selectors import Dashboard, plan_dashboard, report_list, supervision_list
from kechuang.targets.templatetags.targets_tags import STATUS_LABELS, format_number


@dataclass
class AnnualReport:
    plan: Plan
    year: int
    on: dt.date
    board: Dashboard
    tasks: list[Task]
    supervision: list[SupervisionRecord]
    accepted_reports: int


def annual_report(*, user: Any, plan: Plan, year: int, on: dt.date) -> AnnualReport:
    board = plan_dashboard(user=user, plan=plan, on=on)
    tasks = list(plan.tasks.select_related("lead_unit").prefetch_related("participating_units"))
    supervision = [s for s in supervision_list(user=user, plan=plan) if s.sent_on.year == year]
    accepted = report_list(user=user, plan=plan, status="accepted").filter(as_of__year=year).count()
    return AnnualReport(
        plan=plan,
        year=year,
        on=on,
        board=board,
        tasks=tasks,
        supervision=supervision,
        accepted_reports=accepted,
    )


def _date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def indicator_table(report: AnnualReport) -> tuple[list[str], list[list[str]]]:
    header = [
        _("编号"),
        _("指标"),
        _("单位"),
        _("基期值"),
        _("目标值"),
        _("目标日期"),
        _("实际值"),
        _("序时目标"),
        _("预测值"),
        _("完成进度"),
        _("状态"),
        _("牵头单位"),
        _("数据来源"),
    ]
    rows = []
    for row in report.board.rows:
        ind = row.indicator
        a = row.assessment
        rows.append(
            [
                ind.code,
                ind.name,
                ind.unit,
                format_number(ind.baseline_value),
                format_number(ind.target_value),
                _date(ind.target_date),
                format_number(row.actual),
                format_number(a.expected),
                format_number(a.forecast),
                "—" if a.progress is None else f"{a.progress * 100:.0f}%",
                row.state.label_text if row.state else _(STATUS_LABELS[a.status]),
                str(ind.lead_unit or ""),
                ind.get_source_display(),
            ]
        )
    return header, rows


def task_table(report: AnnualReport) -> tuple[list[str], list[list[str]]]:
    header = [_("编号"), _("任务"), _("牵头单位"), _("参加单位"), _("完成期限"), _("状态"), _("督办")]
    rows = []
    for t in report.tasks:
        overdue = t.overdue_on(report.on)
        rows.append(
            [
                t.code,
                t.title,
                str(t.lead_unit or ""),
                "、".join(str(d) for d in t.participating_units.all()),
                _date(t.due_date),
                t.get_status_display() + (_("(逾期)") if overdue else ""),
                _("已督办") if t.escalated_at else "",
            ]
        )
    return header, rows


def annual_report_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("指标完成情况")
    plan = report.plan
    ws.append([_("%(year)s年度目标完成情况报告") % {"year": report.year}])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([plan.title, plan.document_number, str(plan.region), _("截至") + _date(report.on)])
    ws.append([])
    header, rows = indicator_table(report)
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(r)
    ws.column_dimensions["B"].width = 40
    regions = wb.create_sheet(_("分地区"))
    regions.append([_("指标"), *[str(c.name) for c in report.board.children]])
    for row in report.board.rows:
        regions.append(
            [row.indicator.name]
            + [
                format_number(c.actual) + ("" if c.target is None else f" / {format_number(c.target)}")
                for c in row.cells
            ]
        )
    tasks = wb.create_sheet(_("重点任务"))
    header, rows = task_table(report)
    tasks.append(header)
    for r in rows:
        tasks.append(r)
    sup = wb.create_sheet(_("督办记录"))
    sup.append([_("日期"), _("类型"), _("任务"), _("对象单位"), _("内容")])
    for s in report.supervision:
        sup.append([_date(s.sent_on), s.get_kind_display(), s.task.title, str(s.department), s.message])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def annual_report_pdf(report: AnnualReport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, spaceAfter=6)
    body = ParagraphStyle("b", fontName=font, fontSize=9, leading=12)
    cell = ParagraphStyle("c", fontName=font, fontSize=7.5, leading=9.5, wordWrap="CJK")
    plan = report.plan
    story: list[Any] = [
        Paragraph(_("%(year)s年度目标完成情况报告") % {"year": report.year}, title),
        Paragraph(f"{plan.title}　{plan.document_number}", body),
        Paragraph(
            _("地区：%(region)s　截至：%(on)s　%(summary)s；本年采纳进展报告%(reports)s份，督办%(sup)s次。")
            % {
                "region": plan.region,
                "on": _date(report.on),
                "summary": "、".join(
                    _("%(label)s%(n)s项") % {"label": label, "n": n}
                    for _status, label, n in report.board.summary()
                ),
                "reports": report.accepted_reports,
                "sup": len(report.supervision),
            },
            body,
        ),
        Spacer(1, 4 * mm),
    ]
    status_colors = {
        "正常": colors.HexColor("#d4edda"),
        "预警": colors.HexColor("#fff3cd"),
        "滞后": colors.HexColor("#f8d7da"),
    }

    def table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
        data = [[Paragraph(h, cell) for h in header]] + [[Paragraph(str(v), cell) for v in r] for r in rows]
        t = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        t.setStyle(TableStyle(style))
        return t

    header, rows = indicator_table(report)
    ind_table = table(header, rows, [12, 58, 10, 16, 16, 22, 16, 16, 16, 14, 12, 34, 16])
    for i, r in enumerate(rows, start=1):
        color = status_colors.get(r[10])
        if color is not None:
            ind_table.setStyle(TableStyle([("BACKGROUND", (10, i), (10, i), color)]))
    story += [ind_table, Spacer(1, 6 * mm), Paragraph(_("重点任务"), body), Spacer(1, 2 * mm)]
    header, rows = task_table(report)
    story.append(table(header, rows, [12, 90, 36, 60, 24, 24, 14]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=f"{plan.title} {report.year}",
    )
    doc.build(story)
    return buf.getvalue()
