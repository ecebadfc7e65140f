"""Page input of a project's execution; the rules are the services' (these only parse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.market.choices import Maturity, TransferMode
from kechuang.market.forms import trl_field
from kechuang.programs.choices import BudgetCategory
from kechuang.programs.choices_execution import AcceptanceConclusion, ChangeKind, MidtermRating, ReportKind


class NoteForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("意见"), max_length=500, required=False)


class GoalsForm(forms.Form):
    goals = forms.CharField(label=_("主要研究内容与目标"), widget=forms.Textarea(attrs={"rows": 4}))


class MilestoneForm(forms.Form):
    due_on = forms.DateField(label=_("计划完成日期"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("进度目标"), max_length=200)


class DisbursementForm(forms.Form):
    amount = forms.CharField(label=_("拨付金额（万元）"), max_length=20)
    paid_on = forms.DateField(label=_("拨付日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ReportForm(forms.Form):
    """A progress report with the cumulative spending per category (one pair per category of the budget)."""

    kind = forms.ChoiceField(label=_("报告类型"), choices=ReportKind.choices)
    year = forms.IntegerField(label=_("报告年度"), min_value=2000, max_value=2100)
    content = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label=_("存在问题及下一步计划"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, categories: list[str] = (), milestones: Any = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        labels = dict(BudgetCategory.choices)
        for category in categories:
            self.fields[f"spent_special_{category}"] = forms.CharField(
                label=_("%(c)s：专项经费累计支出（万元）") % {"c": labels[category]}, required=False
            )
            self.fields[f"spent_self_{category}"] = forms.CharField(
                label=_("%(c)s：自筹经费累计支出（万元）") % {"c": labels[category]}, required=False
            )
        self.categories = list(categories)
        self.fields["milestones"] = forms.MultipleChoiceField(
            label=_("本期完成的进度安排"),
            choices=[(m.pk, f"{m.due_on:%Y-%m-%d} {m.title}") for m in milestones],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def spent(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            c: (data.get(f"spent_special_{c}") or "0", data.get(f"spent_self_{c}") or "0")
            for c in self.categories
            if data.get(f"spent_special_{c}") or data.get(f"spent_self_{c}")
        }


class ReportReviewForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    accept = forms.TypedChoiceField(
        label=_("审核结果"), choices=[("1", _("通过")), ("0", _("退回修改"))], coerce=lambda v: v == "1"
    )
    rating = forms.ChoiceField(
        label=_("中期检查结论"), choices=[("", "—"), *MidtermRating.choices], required=False
    )
    note = forms.CharField(label=_("审核意见"), max_length=500, required=False)


class ResubmitForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    content = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label=_("存在问题及下一步计划"), required=False)


class ChangeForm(forms.Form):
    """One form for every kind of change: the fields of the chosen kind are read by the service."""

    kind = forms.ChoiceField(label=_("变更类型"), choices=ChangeKind.choices)
    reason = forms.CharField(label=_("变更理由"), widget=forms.Textarea(attrs={"rows": 2}))
    months = forms.CharField(label=_("延期月数（项目延期）"), required=False, max_length=4)
    leader_name = forms.CharField(label=_("新项目负责人（变更负责人）"), required=False, max_length=60)
    leader_identifier = forms.CharField(label=_("新负责人证件号"), required=False, max_length=40)
    action = forms.ChoiceField(
        label=_("合作单位变更方式"),
        choices=[("", "—"), ("add", _("增加合作单位")), ("remove", _("合作单位退出"))],
        required=False,
    )
    organization = forms.CharField(label=_("合作单位统一社会信用代码"), required=False, max_length=18)
    budget_from = forms.ChoiceField(
        label=_("调出科目（预算调剂）"), choices=[("", "—"), *BudgetCategory.choices], required=False
    )
    budget_to = forms.ChoiceField(
        label=_("调入科目"), choices=[("", "—"), *BudgetCategory.choices], required=False
    )
    amount = forms.CharField(label=_("调剂金额（万元）"), required=False, max_length=20)
    indicator = forms.ChoiceField(label=_("考核指标（调整指标）"), choices=[("", "—")], required=False)
    quantity = forms.CharField(label=_("调整后数量"), required=False, max_length=20)

    def __init__(self, *args: Any, indicators: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(i.pk), f"{i.text}（{i.quantity.normalize():f}{i.unit}）") for i in indicators
        ]


class AcceptanceForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    summary = forms.CharField(label=_("项目完成情况"), widget=forms.Textarea(attrs={"rows": 4}))
    final_accounts = forms.CharField(label=_("经费决算说明"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, indicators: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_ids = []
        for line in indicators:
            self.fields[f"achieved_{line.pk}"] = forms.CharField(
                label=_("%(t)s：完成数量（考核%(q)s%(u)s）")
                % {"t": line.text, "q": f"{line.quantity.normalize():f}", "u": line.unit},
                required=False,
                max_length=20,
            )
            self.indicator_ids.append(line.pk)

    def achieved(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"achieved_{pk}", "") for pk in self.indicator_ids}


class ConclusionForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    conclusion = forms.ChoiceField(label=_("验收结论"), choices=AcceptanceConclusion.choices)
    note = forms.CharField(label=_("验收意见"), max_length=500, required=False)


class PublishForm(forms.Form):
    maturity = forms.ChoiceField(label=_("成熟度"), choices=Maturity.choices)
    trl = trl_field(required=True)
    transfer_modes = forms.MultipleChoiceField(
        label=_("转化方式"), choices=TransferMode.choices, widget=forms.CheckboxSelectMultiple
    )
    keywords = forms.CharField(label=_("关键词（逗号分隔）"), required=False, max_length=200)


class TerminateForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("终止原因"), widget=forms.Textarea(attrs={"rows": 2}))


class RefundForm(forms.Form):
    amount = forms.CharField(label=_("退回金额（万元）"), max_length=20)
    refunded_on = forms.DateField(label=_("退回日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件"))


class ProjectListForm(forms.Form):
    name = forms.CharField(label=_("清单名称"), max_length=200)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    projects = forms.CharField(
        label=_("项目编号（每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class RevisionForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    add = forms.CharField(
        label=_("新增项目编号（每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    remove = forms.MultipleChoiceField(
        label=_("移出项目"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("修订理由"), max_length=500)

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [(str(p.pk), f"{p.code} {p.application.title}") for p in members]  # type: ignore[attr-defined]


class PatentLinkForm(forms.Form):
    application_no = forms.CharField(
        label=_("专利申请号"), max_length=30, help_text=_("专利登记库中的申请号，如202310123456.6。")
    )


class ContractLinkForm(forms.Form):
    registration_no = forms.CharField(label=_("技术合同登记编号"), max_length=40)
