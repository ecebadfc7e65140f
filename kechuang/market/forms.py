"""Page forms: they only collect raw input; the services validate (one set of rules and messages)."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kechuang.market.choices import ContractType, FeedbackReason, Maturity, OutcomeKind, TransferMode
from kechuang.registry.forms import picker, picker_field

# 技术就绪度 in plain words (the nine levels of GB/T 22900-2022 《科学技术研究项目评价通则》), so that an
# enterprise accountant who has never heard of TRL can pick the sentence that fits.
TRL_CHOICES = [
    ("", _("请选择最接近的描述")),
    ("1", _("1级：发现了基本原理")),
    ("2", _("2级：提出了技术方案或应用设想")),
    ("3", _("3级：关键功能在实验室得到验证")),
    ("4", _("4级：样品或部件在实验室环境中通过验证")),
    ("5", _("5级：样品或部件在接近实际的环境中通过验证")),
    ("6", _("6级：样机或系统在接近实际的环境中演示成功")),
    ("7", _("7级：样机或系统在实际使用环境中演示成功")),
    ("8", _("8级：产品定型，通过试验和鉴定")),
    ("9", _("9级：已批量生产或在实际应用中稳定运行")),
]
TRL_HELP = _("技术就绪度（TRL）说明成果离实际应用还有多远：1级最早，9级已成熟应用。")
TRL_LABEL = _("技术就绪度")


def trl_field(
    *, label: str | Promise = TRL_LABEL, required: bool = False, help_text: str | Promise = TRL_HELP
) -> forms.TypedChoiceField:
    """Technology readiness as the nine plain sentences (cleaned to the level, 1–9, or None): the one field
    every form that asks for it uses (achievements, demands, a funded project's achievement)."""
    return forms.TypedChoiceField(
        label=label, choices=TRL_CHOICES, coerce=int, empty_value=None, required=required, help_text=help_text
    )


class AchievementFilterForm(forms.Form):
    """The public achievement list's filters: industry and region pickers, readiness in plain sentences."""

    industry = picker_field(
        "industry", _("所属领域"), placeholder=_("输入行业名称或拼音首字母，如“仪器”“yq”")
    )
    region = picker_field("region", _("所在地区"), placeholder=_("地区名称或拼音首字母，如“长春”"))
    trl_min = forms.ChoiceField(
        label=_("至少达到"), required=False, choices=[("", _("任何成熟程度")), *TRL_CHOICES[1:]]
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


class OrganizationChoiceForm(forms.Form):
    """A form whose ``org_fields`` offer the organizations given as ``orgs`` (the user's own, usually)."""

    org_fields: tuple[str, ...] = ()

    def __init__(self, *args, orgs=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [(o.pk, o.name) for o in orgs]
        for name in self.org_fields:
            self.fields[name].choices = choices  # type: ignore[attr-defined]


class AchievementForm(OrganizationChoiceForm):
    org_fields = ("owner",)

    owner = forms.TypedChoiceField(label=_("所有单位"), coerce=int)
    title = forms.CharField(
        label=_("成果名称"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"data_required": "1"}),
    )
    summary = forms.CharField(
        label=_("成果简介"), widget=forms.Textarea(attrs={"rows": 6, "data_required": "1"}), required=False
    )
    keywords = forms.CharField(label=_("关键词（逗号分隔）"), required=False)
    inventors = forms.CharField(label=_("完成人"), required=False)
    field = forms.CharField(
        label=_("所属领域"),
        required=False,
        widget=picker("industry", placeholder=_("输入行业名称或拼音首字母，如“仪器”“yq”")),
        help_text=_("按国民经济行业分类选择成果主要应用的行业。"),
    )
    maturity = forms.ChoiceField(label=_("成熟度"), choices=Maturity.choices)
    trl = trl_field()
    patents = forms.CharField(label=_("相关专利号（逗号分隔）"), required=False)
    transfer_modes = forms.MultipleChoiceField(
        label=_("转化方式"),
        choices=TransferMode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "转让：出让全部权利；许可：允许对方使用，权利仍归本单位；作价投资：以成果入股；合作开发：与企业共同完成后续开发；技术服务：为企业解决具体技术问题。"
        ),
    )
    price = forms.CharField(label=_("意向价格(元)"), required=False)


class DemandForm(OrganizationChoiceForm):
    org_fields = ("owner",)

    owner = forms.TypedChoiceField(label=_("发布单位"), coerce=int)
    title = forms.CharField(
        label=_("需求名称"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"data_required": "1"}),
    )
    problem = forms.CharField(
        label=_("问题描述（公开）"),
        widget=forms.Textarea(attrs={"rows": 5, "data_required": "1"}),
        required=False,
        help_text=_("用本行业的说法写清要解决的问题，不必写成论文题目。"),
    )
    confidential_detail = forms.CharField(
        label=_("保密内容（接受对接后才可见）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    keywords = forms.CharField(label=_("关键词（逗号分隔）"), required=False)
    field = forms.CharField(
        label=_("所属领域"),
        required=False,
        widget=picker("industry", placeholder=_("输入行业名称或拼音首字母，如“汽车”“qc”")),
        help_text=_("按国民经济行业分类选择需求所在的行业，系统据此推荐同领域的成果和专家。"),
    )
    budget = forms.CharField(label=_("预算(元)"), required=False)
    deadline = forms.CharField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    cooperation_modes = forms.MultipleChoiceField(
        label=_("合作方式"), choices=TransferMode.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    min_trl = trl_field(
        label=_("对成果成熟程度的最低要求"), help_text=_("只推荐达到这一程度的成果；不确定可以不选。")
    )
    is_bounty = forms.BooleanField(label=_("揭榜挂帅"), required=False)
    bounty_amount = forms.CharField(label=_("榜单金额(元)"), required=False)


class ContactForm(OrganizationChoiceForm):
    org_fields = ("from_org",)

    from_org = forms.TypedChoiceField(label=_("以哪个单位名义"), coerce=int)
    message = forms.CharField(label=_("留言"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("消息"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), required=False, max_length=500)


class FeedbackForm(forms.Form):
    target_kind = forms.ChoiceField(
        choices=[("achievement", "achievement"), ("expert", "expert"), ("demand", "demand")]
    )
    target_id = forms.IntegerField()
    useful = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    reason = forms.ChoiceField(choices=[("", "—"), *FeedbackReason.choices], required=False)


class ContractForm(OrganizationChoiceForm):
    org_fields = ("seller", "buyer")

    seller = forms.TypedChoiceField(label=_("卖方"), coerce=int)
    buyer = forms.TypedChoiceField(label=_("买方"), coerce=int)
    contract_type = forms.ChoiceField(label=_("合同类型"), choices=ContractType.choices)
    title = forms.CharField(label=_("合同名称"), required=False)
    amount = forms.CharField(label=_("合同金额(元)"), required=False)
    tech_amount = forms.CharField(label=_("技术交易额(元)"), required=False)
    signed_on = forms.CharField(label=_("签订日期（YYYY-MM-DD）"), required=False)
    field = forms.CharField(label=_("技术领域（行业代码）"), required=False)
    outcome = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EventForm(forms.Form):
    organizer = forms.CharField(
        label=_("主办单位（统一社会信用代码或全称）"),
        required=False,
        widget=forms.TextInput(attrs={"list": "organizer-options", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("活动名称"), required=False)
    starts_at = forms.CharField(
        label=_("开始时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    region = forms.ChoiceField(label=_("举办地区"), required=False)
    location = forms.CharField(label=_("地点"), required=False)
    description = forms.CharField(
        label=_("活动简介"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, regions=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—")] + [
            (r.code, f"{r.code} {r.full_name or r.name}") for r in regions
        ]


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("成效类型"), choices=[("", "—"), *OutcomeKind.choices], required=False)
    item = forms.TypedChoiceField(label=_("路演项目"), coerce=int, required=False, empty_value=None)
    seller = forms.TypedChoiceField(
        label=_("卖方（技术供给方）"), coerce=int, required=False, empty_value=None
    )
    buyer = forms.TypedChoiceField(
        label=_("买方（技术需求方）"), coerce=int, required=False, empty_value=None
    )
    parties = forms.CharField(label=_("参与方（不填则取买卖双方名称）"), required=False)
    amount = forms.CharField(label=_("金额(元)"), required=False)
    note = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, items=(), orgs=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—")] + [(i.pk, str(i.subject)) for i in items]
        org_choices = [("", "—")] + [(o.pk, o.name) for o in orgs]
        self.fields["seller"].choices = org_choices
        self.fields["buyer"].choices = org_choices


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("名称"), required=False)
    kind = forms.CharField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(required=False, widget=forms.HiddenInput)


class ExpertProfileForm(forms.Form):
    keywords = forms.CharField(label=_("研究方向（逗号分隔）"), required=False)
    bio = forms.CharField(label=_("简介"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
