import re
import zlib
from datetime import date

from kechuang.recognition.certificate import (
    CertificateData,
    new_verification_code,
    normalise_verification_code,
    render_certificate_pdf,
)


def test_verification_code_shape_and_uniqueness():
    codes = {new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(re.fullmatch(r"[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}", c) for c in codes)


def test_normalise_accepts_sloppy_input():
    assert normalise_verification_code(" abcd ｅｆｇｈ－2345 6789") == "ABCD-EFGH-2345-6789"


def test_pdf_is_a_pdf_with_the_number():
    data = CertificateData(
        title="市级企业技术中心认定证书",
        holder="长春示范科技有限公司",
        recognition="长春市企业技术中心",
        number="KC-2026-ETC-0001",
        issued_on=date(2026, 11, 26),
        valid_until=date(2029, 11, 25),
        issuer="长春市工业和信息化局",
        verification_code="ABCD-EFGH-2345-6789",
        verify_url="http://testserver/recognition/verify/ABCD-EFGH-2345-6789/",
    )
    pdf = render_certificate_pdf(data)
    assert pdf.startswith(b"%PDF-")
    assert b"STSong-Light" in pdf
    # the metadata subject carries the certificate number in clear text
    assert b"KC-2026-ETC-0001" in pdf or any(
        b"KC-2026-ETC-0001" in zlib.decompress(chunk)
        for chunk in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
        if chunk
    )
