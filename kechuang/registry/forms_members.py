"""Forms of the sign-up, members and invitation pages. They only collect input; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.registry.choices import MembershipRole, OrganizationKind
from kechuang.registry.forms import picker


class _PasswordTwice(forms.Form):
    """A new account's password, typed twice (``password`` and ``password2``, declared by the form)."""

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class SignupForm(_PasswordTwice):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    name = forms.CharField(label=_("机构名称"), max_length=200)
    kind = forms.ChoiceField(
        label=_("机构类型"),
        choices=[(k, v) for k, v in OrganizationKind.choices if k != OrganizationKind.GOVERNMENT],
        initial=OrganizationKind.ENTERPRISE,
    )
    region = forms.CharField(label=_("所在地区（代码或名称）"), max_length=60, widget=picker("region"))
    industry = forms.CharField(
        label=_("所属行业（代码或名称）"), max_length=60, required=False, widget=picker("industry")
    )
    display_name = forms.CharField(label=_("联系人姓名"), max_length=60)
    username = forms.CharField(label=_("登录用户名"), max_length=150)
    email = forms.EmailField(label=_("邮箱"))
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, min_length=8)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("被邀请人邮箱"))
    role = forms.ChoiceField(label=_("角色"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)


class InvitationSignupForm(_PasswordTwice):
    """For an invitee without an account: the account is created with the invited email address."""

    display_name = forms.CharField(label=_("姓名"), max_length=60)
    username = forms.CharField(label=_("登录用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, min_length=8)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)
