"""Programs: published calls are public (a draft one only to its program type's department); an
application is seen by its organization's members and by the officers of the program type's department
whose region subtree holds the applicant; its admins change and submit it; those officers decide
(kechuang/programs/permissions.py). The officers' queue is a page for any officer (it lists their scope).
"""

from __future__ import annotations

from kechuang.programs.models import Application
from tests.matrix import LOGIN, PUBLIC, SIGNED_IN, Row, any_officer, department, only_own


def _flag(w):  # type: ignore[no-untyped-def]
    """A 查重 flag on the submitted application, against another application of the same topic."""
    from kechuang.programs.models import DuplicateFlag
    from tests import app_factories as af

    other = af.ProgramApplicationFactory(topic=w.program_submitted_application.topic, status="submitted")
    flag = DuplicateFlag.objects.create(
        application=w.program_submitted_application, other=other, similarity="0.900", passages=["相同段落"]
    )
    return {"pk": flag.pk}


def _pk(attr: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


def _status(w, attr: str) -> str:  # type: ignore[no-untyped-def]
    return Application.objects.get(pk=getattr(w, attr).pk).status


def _edit(w):  # type: ignore[no-untyped-def]
    app = w.program_application
    return {"version": app.version, "title": "新的项目名称", "summary": "", "leader_name": "张三",
            "leader_identifier": app.leader_identifier, "requested_funds": "80", "self_funds": "80",
            "special_equipment": "80", "self_equipment": "80", "indicators": "申请发明专利|3|项"}  # fmt: skip


ROWS = [
    Row("programs:index", PUBLIC),
    Row("programs:call_detail", PUBLIC, kwargs=_pk("program_call"), why="published calls are public"),
    Row(
        "programs:call_detail",
        (404, 404, 404, 200, 404, 200),
        own="officer",
        kwargs=_pk("program_draft_call"),
        case="draft",
        why="a draft call: its program type's department's officers only (whatever region they serve)",
    ),
    Row(
        "programs:apply",
        (LOGIN, 302, 302, 302, 302, 302),
        kwargs=_pk("program_topic"),
        method="POST",
        data=lambda w: {
            "organization": w.cast.org.pk,
            "title": "新申报",
            "leader_name": "王五",
            "leader_identifier": "X9",
        },
        effect=lambda w: Application.objects.filter(title="新申报", organization=w.cast.org).exists(),
        why="a published call: anyone signed in may try; only an admin of the organization starts a draft",
    ),
    Row("programs:my_applications", SIGNED_IN, why="the user's organizations' (none: empty)"),
    Row("programs:application_detail", only_own(200), own="org_member", kwargs=_pk("program_application")),
    Row(
        "programs:application_edit",
        only_own(302),
        kwargs=_pk("program_application"),
        method="POST",
        data=_edit,
        effect=lambda w: Application.objects.get(pk=w.program_application.pk).title == "新的项目名称",
    ),
    Row(
        "programs:application_submit",
        only_own(302),
        kwargs=_pk("program_application"),
        method="POST",
        data=lambda w: {"version": w.program_application.version},
        effect=lambda w: _status(w, "program_application") == "submitted",
    ),
    Row(
        "programs:application_transition",
        only_own(302),
        kwargs=_pk("program_application"),
        method="POST",
        data=lambda w: {"to": "withdrawn", "note": "", "version": w.program_application.version},
        effect=lambda w: _status(w, "program_application") == "withdrawn",
    ),
    Row(
        "programs:application_transition",
        only_own(302),
        own="officer",
        kwargs=_pk("program_submitted_application"),
        method="POST",
        data=lambda w: {"to": "recommended", "note": "", "version": w.program_submitted_application.version},
        effect=lambda w: _status(w, "program_submitted_application") == "recommended",
        case="officer",
        why="officers of the program type's department whose region holds the applicant",
    ),
    Row("programs:officer_queue", any_officer(200), own="officer"),
    # officers' setup: the pages are for officers; the program types and calls are their department's
    Row("programs:setup_index", any_officer(200), own="officer"),
    Row("programs:program_type_new", any_officer(200), own="officer"),
    Row(
        "programs:call_new",
        department(200),
        own="officer",
        kwargs=lambda w: {"pk": w.program_call.program_type.pk},
    ),
    Row("programs:setup_call", department(200), own="officer", kwargs=_pk("program_call")),
    Row(
        "programs:call_publish",
        department(302),
        own="officer",
        kwargs=_pk("program_draft_call"),
        method="POST",
        why="refused without topics (a message and back to the page) — still the department's page",
    ),
    Row("programs:call_close", department(302), own="officer", kwargs=_pk("program_call"), method="POST"),
    Row(
        "programs:call_duplicates",
        any_officer(200),
        own="officer",
        kwargs=_pk("program_call"),
        why="a page for officers; the flags listed are those they decide on",
    ),
    Row(
        "programs:call_duplicates_run",
        department(302),
        own="officer",
        kwargs=_pk("program_call"),
        method="POST",
        why="the call's department runs 查重, whatever region its officers serve",
    ),
    Row(
        "programs:duplicate_decide",
        only_own(302),
        own="officer",
        kwargs=_flag,
        method="POST",
        data=lambda w: {"decision": "confirmed"},
        why="the officers who decide on the flagged application",
    ),
    # API
    Row("programs-calls", PUBLIC),
    Row("programs-call-detail", PUBLIC, kwargs=_pk("program_call")),
    Row(
        "programs-applications",
        (LOGIN, 400, 400, 400, 400, 201),
        method="POST",
        data=lambda w: {
            "topic": w.program_topic.pk,
            "organization": w.cast.org.pk,
            "title": "接口申报",
            "leader_name": "王五",
            "leader_identifier": "X8",
            "budget": [{"category": "equipment", "special_funds": "50", "self_funds": "50"}],
        },
        effect=lambda w: Application.objects.filter(
            title="接口申报", budget_lines__special_funds=50
        ).exists(),
        why="only an admin of the lead organization: anyone else is told so (400)",
    ),
    Row("programs-application-detail", only_own(200), own="org_member", kwargs=_pk("program_application")),
    Row(
        "programs-application-submit",
        only_own(200),
        kwargs=_pk("program_application"),
        method="POST",
        data=lambda w: {"version": w.program_application.version},
        effect=lambda w: _status(w, "program_application") == "submitted",
    ),
    Row(
        "programs-application-transition",
        only_own(200),
        own="officer",
        kwargs=_pk("program_submitted_application"),
        method="POST",
        data=lambda w: {"to": "recommended", "note": ""},
        effect=lambda w: _status(w, "program_submitted_application") == "recommended",
    ),
]
