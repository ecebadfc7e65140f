# The registry becomes the directory (issue 11): memberships, officer appointments and invitations (from
# accounts) and the expert pool (from review) are its models now.
# Step 2 of 3: the tables already carry the registry's names (accounts 0003, review 0002), so the models
# are added to the registry's state only, and their content types follow them (permissions and generic
# relations keep pointing at them). Audit records keep the label they were written with.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = [
    ("accounts", "membership"),
    ("accounts", "officerassignment"),
    ("accounts", "invitation"),
    ("review", "expert"),
    ("review", "expertconflict"),
    ("review", "expertcooperation"),
]


def _relabel(apps, schema_editor, *, forward):
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for old_app, model in MOVED:
        source, target = (old_app, "registry") if forward else ("registry", old_app)
        if rows.filter(app_label=target, model=model).exists():
            continue
        rows.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_registry(apps, schema_editor):
    _relabel(apps, schema_editor, forward=True)


def content_types_back(apps, schema_editor):
    _relabel(apps, schema_editor, forward=False)


def _base_fields():
    return [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="创建时间")),
        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
    ]


ROLE = models.CharField(
    choices=[("admin", "机构管理员"), ("member", "机构成员")], default="member", max_length=10, verbose_name="角色"
)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0001_initial"),
        ("accounts", "0002_squashed_0003_directory_tables_to_registry"),
        ("review", "0001_squashed_0002_expert_tables_to_registry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        *_base_fields(),
                        ("role", ROLE.clone()),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="registry.organization",
                                verbose_name="机构",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="用户",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "机构成员",
                        "verbose_name_plural": "机构成员",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "organization"),
                                name="membership_unique",
                                violation_error_message="该用户已是此机构成员。",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="OfficerAssignment",
                    fields=[
                        *_base_fields(),
                        (
                            "department",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="officers",
                                to="registry.department",
                                verbose_name="部门",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="registry.region",
                                verbose_name="管辖地区",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="officer_assignments",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="用户",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "政府工作人员",
                        "verbose_name_plural": "政府工作人员",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "department"),
                                name="officer_unique_department",
                                violation_error_message="该用户已在此部门任职。",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Invitation",
                    fields=[
                        *_base_fields(),
                        ("email", models.EmailField(max_length=254, verbose_name="邮箱")),
                        ("role", ROLE.clone()),
                        ("token", models.CharField(max_length=64, unique=True, verbose_name="邀请码")),
                        ("expires_at", models.DateTimeField(verbose_name="过期时间")),
                        ("accepted_at", models.DateTimeField(blank=True, null=True, verbose_name="接受时间")),
                        (
                            "accepted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="接受人",
                            ),
                        ),
                        (
                            "invited_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="邀请人",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to="registry.organization",
                                verbose_name="机构",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "成员邀请",
                        "verbose_name_plural": "成员邀请",
                        "ordering": ["-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Expert",
                    fields=[
                        *_base_fields(),
                        ("name", models.CharField(max_length=60, verbose_name="姓名")),
                        ("title", models.CharField(blank=True, max_length=60, verbose_name="职称")),
                        (
                            "fields",
                            models.JSONField(blank=True, default=list, verbose_name="专业领域（行业代码）"),
                        ),
                        (
                            "max_load",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="每批最多评审数",
                            ),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="在库")),
                        (
                            "organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="experts",
                                to="registry.organization",
                                verbose_name="工作单位",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="registry.region",
                                verbose_name="所在地区",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="expert_profile",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="用户",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "评审专家",
                        "verbose_name_plural": "评审专家",
                        "ordering": ["id"],
                    },
                ),
                migrations.CreateModel(
                    name="ExpertConflict",
                    fields=[
                        *_base_fields(),
                        ("reason", models.CharField(blank=True, max_length=200, verbose_name="原因")),
                        (
                            "expert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="conflicts",
                                to="registry.expert",
                                verbose_name="专家",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="registry.organization",
                                verbose_name="回避单位",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "回避声明",
                        "verbose_name_plural": "回避声明",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("expert", "organization"),
                                name="expert_conflict_unique",
                                violation_error_message="已声明过与该单位的回避关系。",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ExpertCooperation",
                    fields=[
                        *_base_fields(),
                        ("occurred_on", models.DateField(verbose_name="合作日期")),
                        ("description", models.CharField(blank=True, max_length=200, verbose_name="合作内容")),
                        (
                            "expert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="cooperations",
                                to="registry.expert",
                                verbose_name="专家",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="registry.organization",
                                verbose_name="合作单位",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "合作记录",
                        "verbose_name_plural": "合作记录",
                        "ordering": ["-occurred_on"],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_registry, content_types_back),
    ]
