"""The 著名商标 link: an application of a scheme whose designation is 著名商标企业 names the trademark it puts
forward (picked on the application from the applicant's trademark register). Submitting needs it;
recognising sets that trademark's 著名 status with the certificate's validity; revoking ends it
(``quality.services.fame``). Other schemes ignore all of this."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.quality.selectors import trademark_of
from kechuang.quality.services.fame import (
    fame_candidate_check,
    trademark_fame_recognise,
    trademark_fame_revoke,
)
from kechuang.recognition.models import Application, Certificate
from kechuang.registry.choices import DesignationKind


def names_trademark(application: Application) -> bool:
    """Does the application's scheme recognise a trademark (著名商标)?"""
    return application.call.scheme.designation_kind == DesignationKind.FAMOUS_TRADEMARK


def chosen_trademark(application: Application, pk: Any, today: dt.date) -> Any:
    """The trademark (or None) a draft of a 著名商标 scheme puts forward, checked; ``pk`` is the form's."""
    if pk in (None, ""):
        return None
    trademark = trademark_of(organization=application.organization, pk=pk)
    if trademark is None:
        raise ApplicationError(_("请从本单位的商标中选择申报的商标。"), extra={"field": "trademark"})
    fame_candidate_check(trademark=trademark, organization=application.organization, today=today)
    return trademark


def check_submission(application: Application, today: dt.date) -> None:
    """A 著名商标 application is submitted with its trademark (still the applicant's and not 驰名)."""
    if not names_trademark(application):
        return
    if application.trademark is None:
        raise ApplicationError(_("请先在申请中选择申报的商标，再提交。"), extra={"field": "trademark"})
    fame_candidate_check(trademark=application.trademark, organization=application.organization, today=today)


def on_recognised(application: Application, certificate: Certificate, actor: Any) -> None:
    trademark = application.trademark
    if trademark is None or not names_trademark(application):
        return
    trademark_fame_recognise(
        trademark=trademark,
        actor=actor,
        certificate_no=certificate.number,
        since=certificate.issued_on,
        valid_until=certificate.valid_until,
    )


def on_revoked(application: Application, actor: Any, note: str, today: dt.date) -> None:
    trademark = application.trademark
    certificate = Certificate.objects.filter(application=application).first()
    if trademark is None or certificate is None:
        return
    trademark_fame_revoke(
        trademark=trademark,
        actor=actor,
        certificate_no=certificate.number,
        on=today,
        reason=note,
    )
