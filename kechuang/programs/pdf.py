"""PDFs of programs: a call's guide (申报指南), a project's signed task contract (任务书) and acceptance
certificate (验收证书), rendered
offline with ReportLab and its built-in CID font STSong-Light (Adobe-GB1) — no font file, nothing
downloaded, as the recognition certificates and the targets reports do."""

from __future__ import annotations

import io
import re
from typing import Any

FONT = "STSong-Light"


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics  # heavy: only when a PDF is downloaded
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def chinese_date(iso: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{int(match[1])}年{int(match[2])}月{int(match[3])}日" if match else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def _table(rows: list[list[str]], widths: list[float], cell: Any) -> Any:
    """A gridded table of paragraphs (the first row a header, repeated on each page), widths in mm."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    t = Table(
        [[Paragraph(_escape(str(v)), cell) for v in r] for r in rows],
        colWidths=[w * mm for w in widths],
        repeatRows=1,
    )
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def contract_pdf(content: dict[str, Any], *, signed_on: str, status: str) -> bytes:
    """The task contract as signed (``content`` is ``TaskContract.content``) or as drafted."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    _register()
    title = ParagraphStyle("t", fontName=FONT, fontSize=18, leading=26, alignment=1, spaceAfter=8)
    head = ParagraphStyle("h", fontName=FONT, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("b", fontName=FONT, fontSize=10, leading=15)
    cell = ParagraphStyle("c", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")

    def table(rows: list[list[str]], widths: list[float]) -> Any:
        return _table(rows, widths, cell)

    c = content
    story: list[Any] = [
        Paragraph("科技计划项目任务书", title),
        Paragraph(f"（{status}）", ParagraphStyle("s", parent=body, alignment=1)),
        Spacer(1, 4 * mm),
        table(
            [
                ["项目编号", c.get("code", ""), "计划类别", c.get("program", "")],
                ["项目名称", c.get("title", ""), "申报指南", c.get("call", "")],
                ["承担单位", c.get("organization", ""), "项目负责人", c.get("leader", "")],
                ["合作单位", "、".join(c.get("partners", [])) or "无", "主管部门", c.get("department", "")],
                [
                    "实施期限",
                    f"{chinese_date(c.get('starts_on', ''))}至{chinese_date(c.get('ends_on', ''))}",
                    "经费",
                    f"专项经费{c.get('special_funds', '')}万元，自筹{c.get('self_funds', '')}万元",
                ],
            ],
            [22, 68, 22, 68],
        ),
        Paragraph("一、主要研究内容与目标", head),
        Paragraph(_escape(c.get("goals", "")), body),
        Paragraph("二、考核指标", head),
        table(
            [["序号", "指标内容", "考核数量", "单位"]]
            + [
                [str(i), x["text"], x["quantity"], x["unit"]]
                for i, x in enumerate(c.get("indicators", []), 1)
            ],
            [14, 110, 30, 26],
        ),
        Paragraph("三、经费预算（万元）", head),
        table(
            [["预算科目", "专项经费", "自筹经费"]]
            + [[b["category"], b["special"], b["self"]] for b in c.get("budget", [])],
            [80, 50, 50],
        ),
        Paragraph("四、年度进度安排", head),
        table(
            [["计划完成日期", "进度目标"]]
            + [[chinese_date(m["due_on"]), m["title"]] for m in c.get("milestones", [])],
            [40, 140],
        ),
        Spacer(1, 10 * mm),
        Paragraph(
            f"承担单位（盖章）：{c.get('organization', '')}　　主管部门（盖章）：{c.get('department', '')}",
            body,
        ),
        Paragraph(f"签订日期：{signed_on or '（尚未签订）'}", body),
    ]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=f"{c.get('code', '')} 任务书",
    )  # fmt: skip
    doc.build(story)
    return buf.getvalue()


def acceptance_certificate_pdf(
    *, title: str, code: str, organization: str, leader: str, program: str, department: str, decided_on: str,
    score: str, verification_code: str,
) -> bytes:  # fmt: skip
    """The acceptance certificate (验收证书): one landscape A4 page."""
    from reportlab.lib.pagesizes import A4, landscape  # heavy: only when a PDF is downloaded
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    _register()
    buf = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buf, pagesize=(width, height), pageCompression=1)
    pdf.setTitle("科技计划项目验收证书")
    pdf.setLineWidth(3)
    pdf.setStrokeColorRGB(0.62, 0.12, 0.12)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFont(FONT, 28)
    pdf.drawCentredString(width / 2, height - 45 * mm, "科技计划项目验收证书")
    pdf.setFont(FONT, 16)
    pdf.drawCentredString(width / 2, height - 70 * mm, title[:40])
    pdf.setFont(FONT, 13)
    pdf.drawCentredString(width / 2, height - 85 * mm, f"承担单位：{organization}　项目负责人：{leader}")
    pdf.drawCentredString(
        width / 2, height - 97 * mm, "经专家组验收，该项目完成了任务书规定的各项任务，验收结论为：通过。"
    )
    pdf.setFont(FONT, 11)
    y = 62 * mm
    for line in (
        f"项目编号：{code}",
        f"计划类别：{program}",
        f"专家组评分：{score}",
        f"验证码：{verification_code}",
    ):
        pdf.drawString(30 * mm, y, line)
        y -= 7 * mm
    pdf.setFont(FONT, 14)
    pdf.drawRightString(width - 30 * mm, 45 * mm, department)
    pdf.drawRightString(width - 30 * mm, 37 * mm, chinese_date(decided_on))
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def guide_pdf(g: dict[str, Any]) -> bytes:
    """The call's guide (申报指南) as published: the call, its conditions, topics, recommending units and
    the review's scoring scheme; ``g`` is ``selectors.guide_content(call)``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    _register()
    title = ParagraphStyle("t", fontName=FONT, fontSize=18, leading=26, alignment=1, spaceAfter=8)
    head = ParagraphStyle("h", fontName=FONT, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("b", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")

    def table(rows: list[list[str]], widths: list[float]) -> Any:
        return _table(rows, widths, cell)

    story: list[Any] = [
        Paragraph(_escape(g["title"]), title),
        Paragraph(
            f"{_escape(g['department'])}　{g['year']}年", ParagraphStyle("s", parent=body, alignment=1)
        ),
        Spacer(1, 4 * mm),
        table(
            [
                ["计划类别", g["program"], "资助总额", f"{g['total_budget']}万元"],
                ["申报开始", g["opens"], "申报截止", g["closes"]],
                [
                    "限项",
                    f"每位项目负责人同时承担或申报不超过{g['leader_limit']}项",
                    "立项公示",
                    f"{g['publicity_days']}天",
                ],
            ],
            [24, 66, 24, 66],
        ),
    ]
    if g["notice"]:
        story += [Paragraph("一、指南说明", head), Paragraph(_escape(g["notice"]), body)]
    story += [Paragraph("二、申报条件", head)]
    story += [Paragraph(_escape(line), body) for line in g["conditions"]] or [Paragraph("不限。", body)]
    story += [
        Paragraph("三、指南方向", head),
        table(
            [["序号", "方向与研究内容", "单项资助上限（万元）", "拟支持项目数", "实施周期（月）", "自筹比例"]]
            + [
                [
                    str(i),
                    f"{t['title']}\n{t['description']}".strip(),
                    t["cap"],
                    t["count"],
                    t["months"],
                    t["ratio"],
                ]
                for i, t in enumerate(g["topics"], 1)
            ],
            [10, 80, 24, 22, 22, 22],
        ),
        Paragraph("四、推荐（归口）单位", head),
    ]
    if g["recommenders"]:
        story.append(
            table(
                [["推荐单位", "归口范围"]] + [[r["name"], r["covers"]] for r in g["recommenders"]], [70, 110]
            )
        )
    else:
        story.append(Paragraph("由主管部门直接受理。", body))
    story += [
        Paragraph("五、评审指标", head),
        table([["评审指标", "满分"]] + [[i["name"], i["max_score"]] for i in g["indicators"]], [140, 40]),
        Spacer(1, 8 * mm),
        Paragraph(f"{_escape(g['department'])}　（本文件由平台据已发布的指南生成，{g['printed_on']}）", body),
    ]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=g["title"],
    )  # fmt: skip
    doc.build(story)
    return buf.getvalue()
