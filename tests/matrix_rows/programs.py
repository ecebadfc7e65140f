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


def _recommender(w):  # type: ignore[no-untyped-def]
    """A fresh recommending unit of the officer's call (each role removes its own)."""
    from kechuang.programs.models import CallRecommender
    from tests import factories as f

    return {
        "pk": CallRecommender.objects.create(call=w.program_call, organization=f.OrganizationFactory()).pk
    }


def _on_publicity(w):  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    from tests import app_factories as af

    today = timezone.localdate()
    return af.ProgramApplicationFactory(
        topic=w.program_topic, organization=w.cast.org, status="publicity", funded_amount=50,
        publicity_starts_on=today, publicity_ends_on=today + dt.timedelta(days=6),
    )  # fmt: skip


def _objection(w):  # type: ignore[no-untyped-def]
    from kechuang.programs.models import Objection

    app = _on_publicity(w)
    objection = Objection.objects.create(
        application=app, name="王某", contact="139", content="材料不实，请核查。"
    )
    return {"pk": app.pk, "objection": objection.pk}


def _reviewed_by_expert(w):  # type: ignore[no-untyped-def]
    """``program_submitted_application`` on a panel of the call, assigned to ``expert_user``."""
    from kechuang.review.models import ReviewAssignment
    from tests import app_factories as af

    app = w.program_submitted_application
    panel = af.PanelFactory(owner=w.program_call, department=w.science)
    item = af.PanelItemFactory(panel=panel, subject=app)
    ReviewAssignment.objects.get_or_create(item=item, expert=w.expert)
    return {"pk": app.pk}


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
    Row("programs:call_guide_pdf", PUBLIC, kwargs=_pk("program_call"), why="the guide's PDF: as its page"),
    Row(
        "programs:call_guide_pdf",
        (404, 404, 404, 200, 404, 200),
        own="officer",
        kwargs=_pk("program_draft_call"),
        case="draft",
        why="a draft call's PDF: its program type's department's officers only",
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
    # the deciding half: recommending units, bulk moves, ranking and funding, publicity, experts
    Row(
        "programs:recommender_add",
        department(302),
        own="officer",
        kwargs=_pk("program_call"),
        method="POST",
        data=lambda w: {"uscc": w.third_org.uscc, "region": "", "covered": ""},
        why="the call's department sets its recommending units",
    ),
    Row("programs:recommender_remove", department(302), own="officer", kwargs=_recommender, method="POST"),
    Row(
        "programs:review_scheme",
        department(302),
        own="officer",
        kwargs=_pk("program_call"),
        method="POST",
        data=lambda w: {
            "version": w.program_call.version,
            "indicators": "创新性|60\n可行性|40",
            "experts_per_item": 3,
            "publicity_days": 7,
        },
    ),
    Row(
        "programs:officer_bulk",
        only_own(302),
        own="officer",
        method="POST",
        data=lambda w: {
            "ids": [w.program_submitted_application.pk],
            "to": "recommended",
            "status": "submitted",
        },
        effect=lambda w: _status(w, "program_submitted_application") == "recommended",
        why="officers only; an application outside the officer's scope is a 404 for the whole batch",
    ),
    Row("programs:recommend_queue", SIGNED_IN, why="the user's recommending units' (none: empty)"),
    Row("programs:call_decision", department(200), own="officer", kwargs=_pk("program_call")),
    Row(
        "programs:call_review_collect",
        department(302),
        own="officer",
        kwargs=_pk("program_call"),
        method="POST",
        why="refused without a panel (a message and back) — still the department's page",
    ),
    Row(
        "programs:call_fund",
        department(302),
        own="officer",
        kwargs=_pk("program_call"),
        method="POST",
        data=lambda w: {"version": w.program_call.version},
        why="refused without amounts (a message and back)",
    ),
    Row(
        "programs:call_publicity_start",
        department(302),
        own="officer",
        kwargs=_pk("program_call"),
        method="POST",
    ),
    Row("programs:call_issue", department(302), own="officer", kwargs=_pk("program_call"), method="POST"),
    Row("programs:call_publicity", PUBLIC, kwargs=_pk("program_call"), why="立项公示 is public"),
    Row(
        "programs:objection_lodge",
        (LOGIN, 302, 302, 302, 302, 302),
        kwargs=lambda w: {"pk": w.program_call.pk, "app": _on_publicity(w).pk},
        method="POST",
        data=lambda w: {"name": "王某", "contact": "13900000000", "content": "合作协议未签署，材料不实。"},
        why="anyone signed in may object during publicity (实名)",
    ),
    Row(
        "programs:objection_answer",
        only_own(302),
        own="officer",
        kwargs=_objection,
        method="POST",
        data=lambda w: {"upheld": "0", "answer": "经核实不成立。"},
        why="the officers who decide on the application",
    ),
    Row("programs:expert_tasks", SIGNED_IN, why="the expert's own tasks (none: empty)"),
    Row(
        "programs:expert_application",
        only_own(200),
        own="expert_user",
        kwargs=_reviewed_by_expert,
        case="expert",
        why="an expert assigned to it reads the materials",
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
    Row(
        "programs-applications-bulk-transition",
        only_own(200),
        own="officer",
        method="POST",
        data=lambda w: {"ids": [w.program_submitted_application.pk], "to": "recommended", "note": ""},
        effect=lambda w: _status(w, "program_submitted_application") == "recommended",
        why="officers who decide on every id; one hidden or forged id is a 404 for the whole batch",
    ),
    Row(
        "programs-call-funding",
        (LOGIN, 404, 404, 400, 404, 400),
        own="officer",
        kwargs=_pk("program_call"),
        method="POST",
        data=lambda w: {"amounts": []},
        why="the call's department (any region): refused without amounts (400) — others do not see the call",
    ),
]
