"""Shared building blocks: the base model, the tamper-evident audit log, workflow history, notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def user_ref(verbose_name: Any, *, blank: bool = False) -> models.ForeignKey:
    """A reference to the user who did something (created, recorded, decided…): kept when the user goes,
    never followed back from the user (``related_name="+"``)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def exactly_one(first: str, second: str, *, name: str, message: Any) -> models.CheckConstraint:
    """The constraint of a row about one thing or another: exactly one of the two (nullable) foreign
    keys ``first`` and ``second`` is set."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{first}__isnull": False, f"{second}__isnull": True})
        | models.Q(**{f"{first}__isnull": True, f"{second}__isnull": False}),
        name=name,
        violation_error_message=message,
    )


def clean_and_save(obj: models.Model) -> None:
    """Validate a row with the model's own rules (``full_clean``: fields, constraints) and save it —
    every service write goes through the model's validation first."""
    obj.full_clean()
    obj.save()


class BaseModel(models.Model):
    """Every domain row knows when it was created and last changed."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditRecord(models.Model):
    """One write to the platform: who did what to which object, with the state before and after.

    Records are append-only and chained: ``record_hash`` covers the record's content and the previous
    record's hash, so editing or deleting any row breaks every later link (``manage.py audit_verify``).
    """

    actor = user_ref(_("操作人"), blank=True)
    actor_label = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=80, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=64, db_index=True)
    target_label = models.CharField(_("对象名称"), max_length=255, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    prev_hash = models.CharField(_("上一条哈希"), max_length=64)
    record_hash = models.CharField(_("本条哈希"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"


class StatusChange(models.Model):
    """One move of a workflow object from one status to another (the object's history)."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE)
    object_id = models.CharField(_("对象编号"), max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("原状态"), max_length=40, blank=True)
    to_status = models.CharField(_("新状态"), max_length=40)
    actor = user_ref(_("操作人"), blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="statuschange_target_idx")]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Notification(BaseModel):
    """A message to one user inside the platform (policy pushes, reminders, review assignments…)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    kind = models.CharField(_("类别"), max_length=40, blank=True, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class JobRun(models.Model):
    """One run of a scheduled system job (e.g. the matching indexes' upkeep): what it did and how long
    it took.  The job's service writes it with an audit record whose actor is the system."""

    job = models.CharField(_("作业"), max_length=80, db_index=True)
    subject = models.CharField(_("对象"), max_length=120, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    seconds = models.FloatField(_("耗时(秒)"), default=0.0)
    result = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("系统任务记录")
        verbose_name_plural = _("系统任务记录")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.job} {self.subject} {self.started_at:%Y-%m-%d %H:%M}"


class IndexChange(models.Model):
    """“Document ``doc_id`` of index ``index`` changed”: written in the transaction of the business write
    that changed it, in commit order (``kechuang.matching_store.changelog``)."""

    class Op(models.TextChoices):
        UPSERT = "upsert", _("写入")
        DELETE = "delete", _("删除")

    seq = models.BigAutoField(primary_key=True)
    index = models.CharField(_("索引"), max_length=40)
    doc_id = models.CharField(_("文档"), max_length=64)
    op = models.CharField(_("操作"), max_length=8, choices=Op.choices)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("索引变更")
        verbose_name_plural = _("索引变更")
        indexes = [models.Index(fields=["index", "seq"], name="matching_change_index_seq")]

    def __str__(self) -> str:
        return f"{self.seq} {self.index} {self.op} {self.doc_id}"


class BackgroundJob(models.Model):
    """Long work a user started that runs in a task worker (an Excel import of many rows…): its progress
    for the page that polls it, then its result or its error report. Only its owner sees it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("未通过")

    kind = models.CharField(_("类型"), max_length=60)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(_("阶段"), max_length=120, blank=True)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总量"), default=0)
    message = models.TextField(_("说明"), blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return min(99, round(100 * self.done / self.total)) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}
