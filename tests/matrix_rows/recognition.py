"""Recognition: schemes, published calls, publicity and certificate checks are public; an application is
seen by its organization's members, by the officers of the scheme's department whose region subtree
holds the applicant, and by its assigned experts; its admins change it; those officers decide
(kechuang/recognition/permissions.py). Managing a call is its scheme's department's.
"""

from __future__ import annotations

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.recognition.models import Application, ApplicationAttachment, Call, Objection, Scheme
from tests.matrix import PUBLIC, SIGNED_IN, Row, any_officer, department, only_own

_codes = itertools.count(1)


def scheme_post(w, code: str = "matrix-etc"):  # type: ignore[no-untyped-def]
    """The scheme editor's POST: particulars, conditions and two indicator rows (60 by data, 40 by experts)."""
    return {
        "code": code,
        "name": "矩阵测试企业技术中心认定",
        "department": w.science.pk,
        "tier": "municipal",
        "carrier_kind": "enterprise_tech_center",
        "recognition_title": "长春市企业技术中心",
        "pass_score": "60",
        "publicity_days": "7",
        "validity_years": "3",
        "re_evaluation_years": "2",
        "organization_kinds": ["enterprise"],
        "verified_only": "on",
        "save": "1",
        "ind-TOTAL_FORMS": "2",
        "ind-INITIAL_FORMS": "0",
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "30",
        "ind-0-code": "rd",
        "ind-0-name": "研发投入强度",
        "ind-0-max_score": "60",
        "ind-0-method": "threshold",
        "ind-0-metric": "rd_intensity",
        "ind-0-direction": "higher",
        "ind-0-bands": "1.5=20；3=40；5=60",
        "ind-1-code": "innovation",
        "ind-1-name": "技术创新能力",
        "ind-1-max_score": "40",
        "ind-1-method": "expert",
        "ind-1-direction": "higher",
    }


def _api_scheme(w):  # type: ignore[no-untyped-def]
    return {
        "code": f"api-scheme-{next(_codes)}",
        "name": "接口设立的认定类别",
        "department": w.science.pk,
        "tier": "municipal",
        "recognition_title": "长春市企业技术中心",
        "indicator_system": {
            "indicators": [{"code": "q", "name": "技术水平", "max_score": "100", "method": "expert"}]
        },
    }


def _scheme_active(w) -> bool:  # type: ignore[no-untyped-def]
    return Scheme.objects.get(pk=w.scheme.pk).is_active


def _pk(attr: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


def _status(model, obj) -> str:  # type: ignore[no-untyped-def]
    return model.objects.get(pk=obj.pk).status


def _pdf():  # type: ignore[no-untyped-def]
    return SimpleUploadedFile("审计报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")


ROWS = [
    Row("recognition:index", PUBLIC),
    Row("recognition:call_detail", PUBLIC, kwargs=_pk("call"), why="published calls are public"),
    Row(
        "recognition:call_detail",
        (404, 404, 404, 200, 404, 200),
        own="officer",
        kwargs=_pk("draft_call"),
        case="draft",
        why="a draft call: its scheme's department's officers only (whatever region they serve)",
    ),
    Row(
        "recognition:apply",
        (SIGNED_IN[0], 302, 302, 302, 302, 302),
        kwargs=_pk("call"),
        method="POST",
        data=lambda w: {"organization": w.cast.org.pk, "title": "光华企业技术中心"},
        effect=lambda w: Application.objects.filter(call=w.call, organization=w.cast.org).exists(),
        why="an open call: anyone signed in may try; only an admin of the organization creates the draft",
    ),
    Row(
        "recognition:nominate",
        (SIGNED_IN[0], 302, 302, 302, 302, 302),
        kwargs=_pk("call"),
        method="POST",
        data=lambda w: {"nominator": w.cast.org.pk, "uscc": w.third_org.uscc, "title": "提名的技术中心"},
        effect=lambda w: Application.objects.filter(call=w.call, nominator=w.cast.org).exists(),
        why="an open call: anyone signed in may try; only an admin of the nominating unit creates the draft",
    ),
    Row("recognition:publicity", PUBLIC),
    Row(
        "recognition:objection",
        PUBLIC,
        kwargs=_pk("publicity_application"),
        why="anyone may lodge an objection during publicity",
    ),
    Row("recognition:verify", PUBLIC),
    Row(
        "recognition:verify_code",
        PUBLIC,
        kwargs=lambda w: {"code": w.recognised_application.certificate.verification_code},
    ),
    Row("recognition:my_applications", SIGNED_IN, why="the user's own (none: empty)"),
    Row("recognition:application_detail", only_own(200), own="org_member", kwargs=_pk("application")),
    Row(
        "recognition:application_edit",
        only_own(302),
        kwargs=_pk("application"),
        method="POST",
        data=lambda w: {"title": "新名称", "summary": "", "version": w.application.version},
        effect=lambda w: Application.objects.get(pk=w.application.pk).title == "新名称",
    ),
    Row(
        "recognition:attachment_upload",
        only_own(302),
        kwargs=_pk("application"),
        method="POST",
        data=lambda w: {"title": "审计报告", "file": _pdf()},
        effect=lambda w: w.application.attachments.filter(title="审计报告").exists(),
    ),
    Row(
        "recognition:application_transition",
        only_own(302),
        kwargs=_pk("application"),
        method="POST",
        data=lambda w: {"to": "withdrawn", "note": "", "version": w.application.version},
        effect=lambda w: _status(Application, w.application) == "withdrawn",
    ),
    Row(
        "recognition:re_evaluation_decide",
        only_own(302),
        own="officer",
        kwargs=_pk("recognised_application"),
        method="POST",
        data=lambda w: {"outcome": "pass", "note": "", "version": w.recognised_application.version},
    ),
    Row(
        "recognition:certificate_pdf",
        only_own(200),
        own="org_member",
        kwargs=_pk("recognised_application"),
    ),
    Row("recognition:attachment_download", only_own(200), own="org_member", kwargs=_pk("attachment")),
    Row(
        "recognition:attachment_delete",
        only_own(302),
        kwargs=_pk("attachment"),
        method="POST",
        effect=lambda w: not ApplicationAttachment.objects.filter(pk=w.attachment.pk).exists(),
    ),
    Row(
        "recognition:objection_resolve",
        only_own(302),
        own="officer",
        kwargs=_pk("objection"),
        method="POST",
        data=lambda w: {"upheld": "0", "resolution": "经核查，异议不成立。"},
        effect=lambda w: _status(Objection, w.objection) != "open",
    ),
    Row("recognition:officer_calls", SIGNED_IN, why="the calls the user manages (none: empty)"),
    Row(
        "recognition:call_new",
        department(200),
        own="officer",
        setup=lambda w: w.scheme,
        why="officers of a department with a scheme",
    ),
    Row(
        "recognition:call_status",
        department(302),
        own="officer",
        kwargs=_pk("draft_call"),
        method="POST",
        data=lambda w: {"to": "open", "version": w.draft_call.version},
        effect=lambda w: _status(Call, w.draft_call) == "open",
        writers=frozenset({"other_region", "own"}),
        why="a call is managed by its scheme's department",
    ),
    Row("recognition:call_pipeline", department(200), own="officer", kwargs=_pk("call")),
    Row("recognition:call_ranking", department(200), own="officer", kwargs=_pk("call")),
    Row("recognition:call_export", department(200), own="officer", kwargs=_pk("call")),
    Row("recognition:scheme_detail", PUBLIC, kwargs=_pk("scheme"), why="schemes are public"),
    Row(
        "recognition:scheme_list",
        any_officer(200),
        own="officer",
        why="the schemes the officer's departments run",
    ),
    Row(
        "recognition:scheme_new",
        (SIGNED_IN[0], 404, 404, 302, 200, 302),
        own="officer",
        method="POST",
        data=lambda w: scheme_post(w, code=f"matrix-etc-{next(_codes)}"),
        effect=lambda w: Scheme.objects.filter(code__startswith="matrix-etc-").exists(),
        writers=frozenset({"other_region", "own"}),
        why="officers only; the department picker offers only the officer's own departments",
    ),
    Row("recognition:scheme_edit", department(200), own="officer", kwargs=_pk("scheme")),
    Row(
        "recognition:scheme_status",
        department(302),
        own="officer",
        kwargs=_pk("scheme"),
        method="POST",
        data=lambda w: {"active": "0"},
        effect=lambda w: not _scheme_active(w),
        writers=frozenset({"other_region", "own"}),
        why="a scheme is retired by its department's officers",
    ),
    # API
    Row("recognition-schemes", PUBLIC),
    Row(
        "recognition-schemes",
        (SIGNED_IN[0], 404, 404, 201, 404, 201),
        own="officer",
        method="POST",
        data=_api_scheme,
        effect=lambda w: Scheme.objects.filter(code__startswith="api-scheme-").exists(),
        writers=frozenset({"other_region", "own"}),
        why="an officer sets up a scheme for one of their own departments",
    ),
    Row("recognition-scheme-detail", PUBLIC, kwargs=_pk("scheme")),
    Row(
        "recognition-scheme-detail",
        department(200),
        own="officer",
        kwargs=_pk("scheme"),
        method="PATCH",
        data=lambda w: {"publicity_days": 10},
        effect=lambda w: Scheme.objects.get(pk=w.scheme.pk).publicity_days == 10,
        writers=frozenset({"other_region", "own"}),
    ),
    Row("recognition-calls", PUBLIC),
    Row("recognition-applications", SIGNED_IN, why="the applications the user may see (none: empty)"),
    Row("recognition-application-detail", only_own(200), own="org_member", kwargs=_pk("application")),
    Row(
        "recognition-application-transition",
        only_own(200),
        kwargs=_pk("application"),
        method="POST",
        data=lambda w: {"to": "withdrawn", "version": w.application.version},
        effect=lambda w: _status(Application, w.application) == "withdrawn",
    ),
    Row(
        "recognition-verify",
        PUBLIC,
        kwargs=lambda w: {"code": w.recognised_application.certificate.verification_code},
    ),
]
