"""Officers enter policy documents with their file, then draft and publish measures from them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kechuang.core.models import AuditRecord
from kechuang.policies.models import PolicyDocument
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def test_a_plain_text_file_fills_the_full_text(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.officer)
    upload = SimpleUploadedFile(
        "办法.txt", "第一条 为支持企业研发……".encode("gb18030"), content_type="text/plain"
    )
    response = client.post(
        reverse("policies:document_new"),
        {
            "title": "长春市企业研发投入后补助办法",
            "level": "municipal",
            "region": "220100",
            "attachment": upload,
        },
    )
    doc = PolicyDocument.objects.get(title="长春市企业研发投入后补助办法")
    assert response.status_code == 302
    assert doc.full_text.startswith("第一条 为支持企业研发") and doc.region_id == "220100"
    assert AuditRecord.objects.filter(action="policy_document.create", actor=cast.officer).exists()
    assert "长春市企业研发投入后补助办法" in text(
        client.get(reverse("policies:document_detail", args=[doc.pk]))
    )


def test_every_problem_at_once(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.officer)
    upload = SimpleUploadedFile("病毒.exe", b"MZ", content_type="application/octet-stream")
    body = text(
        client.post(
            reverse("policies:document_new"),
            {
                "title": "某办法",
                "level": "municipal",
                "effective_from": "2026-05-01",
                "effective_to": "2026-01-01",
                "attachment": upload,
            },
        )
    )
    assert "废止日期不能早于施行日期" in body and "文件只能是PDF" in body
    assert not PolicyDocument.objects.filter(title="某办法").exists()


def test_another_regions_document_is_refused(cast):
    client = client_for(cast.other_officer)
    body = text(
        client.post(
            reverse("policies:document_new"), {"title": "越权文件", "level": "municipal", "region": "220100"}
        )
    )
    assert "本辖区" in body
    assert not PolicyDocument.objects.filter(title="越权文件").exists()
