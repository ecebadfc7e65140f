"""Certificate PDF (认定证书) with a verification code and QR code, rendered offline with ReportLab.

ReportLab's built-in CID font ``STSong-Light`` (Adobe-GB1) renders Simplified Chinese without any font
file, so nothing is downloaded or bundled; PDF readers substitute their own Song typeface.
"""

from __future__ import annotations

import io
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
# Crockford-style alphabet without look-alikes (0/O, 1/I/L) so a code read aloud or typed is unambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_verification_code(length: int = 16) -> str:
    """Unguessable code printed on the certificate, grouped as XXXX-XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + 4] for i in range(0, length, 4))


def normalise_verification_code(value: str) -> str:
    """Accept lower case, full-width characters, spaces, missing dashes: ``abcd efgh`` -> ``ABCD-EFGH``."""
    cleaned = "".join(
        ch for ch in unicodedata.normalize("NFKC", value).upper() if ch.isascii() and ch.isalnum()
    )
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True, slots=True)
class CertificateData:
    title: str  # e.g. 市级企业技术中心认定证书
    holder: str  # organization name
    recognition: str  # e.g. 长春市企业技术中心
    number: str
    issued_on: date
    valid_until: date | None
    issuer: str  # responsible department
    verification_code: str
    verify_url: str


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def render_certificate_pdf(data: CertificateData) -> bytes:
    """One landscape A4 page: title, holder, recognition, number, dates, issuer, code and QR code."""
    _register_font()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(data.title)
    pdf.setAuthor(data.issuer)
    pdf.setSubject(data.number)
    pdf.setLineWidth(3)
    pdf.setStrokeColorRGB(0.62, 0.12, 0.12)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    pdf.setFont(FONT, 30)
    pdf.drawCentredString(width / 2, height - 45 * mm, data.title)
    pdf.setFont(FONT, 18)
    pdf.drawCentredString(width / 2, height - 75 * mm, data.holder)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(width / 2, height - 90 * mm, "经审核，认定为")
    pdf.setFont(FONT, 22)
    pdf.drawCentredString(width / 2, height - 105 * mm, data.recognition)

    pdf.setFont(FONT, 11)
    y = 58 * mm
    lines = [
        f"证书编号：{data.number}",
        f"发证日期：{chinese_date(data.issued_on)}",
        f"有效期至：{chinese_date(data.valid_until)}" if data.valid_until else "有效期：长期",
        f"验证码：{data.verification_code}",
        f"验证网址：{data.verify_url}",
    ]
    for line in lines:
        pdf.drawString(30 * mm, y, line)
        y -= 7 * mm
    pdf.setFont(FONT, 14)
    pdf.drawRightString(width - 30 * mm, 45 * mm, data.issuer)
    pdf.drawRightString(width - 30 * mm, 37 * mm, chinese_date(data.issued_on))

    qr = QrCodeWidget(data.verify_url)
    x0, y0, x1, y1 = qr.getBounds()
    size = 32 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, width / 2 - size / 2, 25 * mm)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
