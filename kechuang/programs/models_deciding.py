"""The deciding half of a call: the recommending units (推荐/归口单位) set per call, and objections lodged
during 立项公示.  Imported by ``models.py``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, user_ref
from kechuang.review.models import ObjectionBase


class CallRecommender(BaseModel):
    """A recommending unit (推荐单位/归口管理单位) of a call: a county bureau, a university, a central
    enterprise.  Its members approve (推荐) or return the applications it covers before the bureau's
    formal check.

    It covers the unit itself, the organizations listed in ``covered`` (a university's institutes, a group's
    subsidiaries) and, when ``region`` is set, every applicant located in that region's subtree (a county
    bureau).  An applicant covered by several units goes to the one that names it, else to the one with
    the smallest region; an applicant no unit covers is recommended by the bureau's officers themselves.
    """

    call = models.ForeignKey(
        "programs.Call", verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="recommenders"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("归口地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region_path = models.CharField(_("地区路径"), max_length=40, blank=True, editable=False)
    covered = models.ManyToManyField(
        "registry.Organization", verbose_name=_("归口单位"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("推荐单位")
        verbose_name_plural = _("推荐单位")
        ordering = ["call_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organization"],
                name="programs_recommender_unique",
                violation_error_message=_("该单位已是本指南的推荐单位。"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Objection(ObjectionBase):
    """An objection to an application on 立项公示 (公示异议), lodged under a real name and answered by an
    officer: upheld (the officer may then refuse the project) or dismissed.  The fields and the table are
    the review app's, shared with recognition's 认定公示."""

    application = models.ForeignKey(
        "programs.Application",
        verbose_name=_("公示项目"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    answer = models.TextField(_("处理意见"), blank=True)
    lodged_by = user_ref(_("提出人账号"), blank=True)
    answered_by = user_ref(_("处理人"), blank=True)
    answered_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.name}"
