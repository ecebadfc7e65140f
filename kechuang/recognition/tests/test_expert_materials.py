"""An expert with ten minutes reads the application and its files from the score sheet (assigned experts
may), not only the summary."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse

from kechuang.recognition.models import ApplicationAttachment
from kechuang.review.choices import PanelStatus
from tests import app_factories as af
from tests.pages import client_for


def test_the_score_sheet_links_the_full_application_and_its_materials(db):
    assignment = af.ReviewAssignmentFactory(item__panel__status=PanelStatus.SCORING)
    application = assignment.item.subject
    attachment = ApplicationAttachment.objects.create(
        application=application, title="申报书及证明材料", file=ContentFile(b"%PDF-1.4\n", name="m.pdf")
    )
    client = client_for(assignment.expert.user)
    body = client.get(reverse("review:assignment_detail", args=[assignment.pk])).content.decode()
    assert f'href="{application.get_absolute_url()}"' in body and "查看申报书全文" in body
    assert f'href="{attachment.get_absolute_url()}"' in body and "申报书及证明材料" in body
    assert client.get(application.get_absolute_url()).status_code == 200
    assert client.get(attachment.get_absolute_url()).status_code == 200
    # another expert, not assigned, sees neither
    other = client_for(af.ExpertFactory().user)
    assert other.get(application.get_absolute_url()).status_code == 404
    assert other.get(attachment.get_absolute_url()).status_code == 404
