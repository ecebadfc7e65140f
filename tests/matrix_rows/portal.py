"""The public site (kechuang/portal/permissions.py): the home page, search, published announcements and
service guides are public; a draft announcement is seen and changed only by the officers who speak for
its department (appointed to it for the department's whole region) — not a district appointee of the same
department, not another department of the same region."""

from __future__ import annotations

from kechuang.portal.choices import AnnouncementStatus
from kechuang.portal.models import Announcement
from tests.matrix import LOGIN, PUBLIC, Row, any_officer, only_own


def _announcement(w, status=AnnouncementStatus.DRAFT):  # type: ignore[no-untyped-def]
    key = f"_announcement_{status}"
    if not hasattr(w, key):
        setattr(
            w,
            key,
            Announcement.objects.create(
                department=w.science, title=f"矩阵通知{status}", body="正文", status=status
            ),
        )
    return getattr(w, key)


def _draft(w):  # type: ignore[no-untyped-def]
    return {"pk": _announcement(w).pk}


def _published(w):  # type: ignore[no-untyped-def]
    return {"pk": _announcement(w, AnnouncementStatus.PUBLISHED).pk}


def _status(w, value):  # type: ignore[no-untyped-def]
    return Announcement.objects.get(pk=_announcement(w).pk).status == value


ROWS = [
    Row("portal:public_home", PUBLIC),
    Row("portal:search", PUBLIC, query="q=锂电池"),
    Row("portal:notice_list", PUBLIC),
    Row("portal:notice_detail", PUBLIC, kwargs=_published, case="published"),
    Row(
        "portal:notice_detail",
        (404, 404, 404, 404, 404, 200),
        own="officer",
        kwargs=_draft,
        case="draft",
        why="a draft is the department's own",
    ),
    Row("portal:guide_list", PUBLIC),
    Row("portal:guide_detail", PUBLIC, kwargs=lambda w: {"slug": "programs"}),
    Row("portal:notice_manage", any_officer(200), own="officer"),
    Row(
        "portal:notice_new",
        any_officer(200, other_region=302),
        own="officer",
        why="a district appointee is sent back: only appointees for the department's region speak for it",
    ),
    Row(
        "portal:notice_new",
        any_officer(302, other_department=200),
        own="officer",
        method="POST",
        data=lambda w: {
            "department": w.science.pk,
            "kind": "notice",
            "title": "矩阵新通知",
            "body": "正文",
        },
        effect=lambda w: Announcement.objects.filter(title="矩阵新通知").exists(),
        writers=frozenset({"own"}),
        why="the other department's officer posts a department not theirs: the form shows the error (200), "
        "nothing is written; the district appointee is sent back (302) with the reason",
        case="create",
    ),
    Row("portal:notice_edit", only_own(200), own="officer", kwargs=_draft),
    Row(
        "portal:notice_transition",
        only_own(302, anonymous=LOGIN),
        own="officer",
        kwargs=_draft,
        method="POST",
        data=lambda w: {"to": AnnouncementStatus.PUBLISHED},
        effect=lambda w: _status(w, AnnouncementStatus.PUBLISHED),
    ),
]
