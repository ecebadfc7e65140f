"""The public site: the visitor's home (通知公告, 申报通知, 公示, 政策, 成果与需求, 办事指南), one search across
them, announcements, and the officers' pages that write announcements (through the portal's services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.core.pages import page_action, save_form
from kechuang.portal import selectors_public as selectors
from kechuang.portal import services
from kechuang.portal.choices import AnnouncementKind, AnnouncementStatus
from kechuang.portal.forms import AnnouncementForm
from kechuang.portal.permissions import departments_spoken_for
from kechuang.registry.guards import officer_required

PAGE = 20

# 办事指南: one template each under portal/guides/, in the order the index lists them.
GUIDES: tuple[tuple[str, object], ...] = (
    ("register", gettext_lazy("机构注册与核验")),
    ("statistics", gettext_lazy("年度统计数据填报")),
    ("recognition", gettext_lazy("认定申报（高新技术企业、研发中心等）")),
    ("programs", gettext_lazy("科技计划项目申报")),
    ("policies", gettext_lazy("政策查询与兑现")),
    ("market", gettext_lazy("发布成果与需求、对接洽谈")),
    ("resources", gettext_lazy("大型仪器共享与创新券")),
)


def public_home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/public_home.html", {**selectors.public_home(user=request.user), "guides": GUIDES}
    )


def search(request: HttpRequest) -> HttpResponse:
    q = " ".join(request.GET.get("q", "").split())[: selectors.QUERY_MAX]
    groups = selectors.search(user=request.user, q=q) if q else []
    hint_examples = selectors.search_examples(q=q)
    return render(request, "portal/search.html", {"q": q, "groups": groups, "hint_examples": hint_examples})


def notice_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in AnnouncementKind.values:
        kind = ""
    q = request.GET.get("q", "")[: selectors.QUERY_MAX]
    page = Paginator(selectors.published_announcements(kind=kind, q=q), PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/notice_list.html",
        {"page": page, "kind": kind, "q": q, "kinds": AnnouncementKind.choices},
    )


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    return render(
        request,
        "portal/notice_detail.html",
        {"announcement": announcement, "is_public": announcement.status == AnnouncementStatus.PUBLISHED},
    )


def guide_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/guide_list.html", {"guides": GUIDES})


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    titles = dict(GUIDES)
    if slug not in titles:
        raise Http404(_("没有这份办事指南。"))
    template = select_template([f"portal/guides/{slug}.html"])
    return HttpResponse(template.render({"title": titles[slug], "guides": GUIDES}, request))


# ----------------------------------------------------------------------------------------- officers


def _departments(request: HttpRequest) -> list[tuple[int, str]]:
    return [(pk, str(d)) for pk, d in departments_spoken_for(request.user).items()]


@officer_required
def notice_manage(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in AnnouncementStatus.values:
        status = ""
    page = Paginator(selectors.announcements_managed(user=request.user, status=status), PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/notice_manage.html",
        {"page": page, "status": status, "statuses": AnnouncementStatus.choices},
    )


@officer_required
def notice_new(request: HttpRequest) -> HttpResponse:
    departments = _departments(request)
    if not departments:
        messages.error(request, _("只有在部门本级任职的工作人员可以以部门名义发布通知公告。"))
        return redirect("portal:notice_manage")
    form = AnnouncementForm(request.POST or None, departments=departments)

    def save(data: dict) -> object:
        department = departments_spoken_for(request.user)[data["department"]]
        fields = {k: data[k] for k in ("kind", "title", "body", "pinned")}
        return services.announcement_create(actor=request.user, department=department, data=fields)

    if saved := save_form(
        request,
        form,
        save,
        success=_("草稿已保存。核对无误后点击“发布”，所有访问者即可看到。"),
        redirect_to=lambda a: reverse("portal:notice_detail", args=[a.pk]),
    ):
        return saved
    return render(request, "portal/notice_form.html", {"form": form, "announcement": None})


@officer_required
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk, action="change")
    departments = [(announcement.department_id, str(announcement.department))]
    initial = {
        "department": announcement.department_id,
        "kind": announcement.kind,
        "title": announcement.title,
        "body": announcement.body,
        "pinned": announcement.pinned,
    }
    form = AnnouncementForm(request.POST or None, departments=departments, initial=initial)
    form.fields["department"].disabled = True

    def save(data: dict) -> object:
        fields = {k: data[k] for k in ("kind", "title", "body", "pinned")}
        version = int(request.POST.get("version") or announcement.version)
        return services.announcement_update(
            announcement=announcement, actor=request.user, data=fields, expected_version=version
        )

    if saved := save_form(
        request,
        form,
        save,
        success=_("已保存修改。"),
        redirect_to=reverse("portal:notice_detail", args=[announcement.pk]),
    ):
        return saved
    return render(request, "portal/notice_form.html", {"form": form, "announcement": announcement})


@login_required
@require_POST
def notice_transition(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    to = request.POST.get("to", "")
    done = {
        AnnouncementStatus.PUBLISHED: _("已发布，所有访问者现在都能看到。"),
        AnnouncementStatus.WITHDRAWN: _("已撤下，访问者不再能看到。"),
    }
    return page_action(
        request,
        lambda: services.announcement_transition(
            announcement=announcement,
            actor=request.user,
            to=to,
            expected_version=int(request.POST.get("version") or announcement.version),
        ),
        success=done.get(to, _("已处理。")),
        redirect_to=reverse("portal:notice_detail", args=[announcement.pk]),
    )
