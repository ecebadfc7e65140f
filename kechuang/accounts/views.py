"""Sign-in with an optional second step (TOTP code), 账户安全 (enable TOTP, backup codes, change password)
and the platform admin's 账户管理 (reset a user's second factor, set a temporary password)."""

from __future__ import annotations

import time
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from kechuang.accounts import otp, services
from kechuang.accounts.models import User
from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import get_object_or_404_for, role_required

PENDING = "kechuang_otp_pending"
MAX_CODE_ATTEMPTS = 5


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("动态验证码"), max_length=32, strip=True)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=gettext_lazy("原密码"), max_length=128, widget=forms.PasswordInput(render_value=False)
    )
    new_password1 = forms.CharField(label=gettext_lazy("新密码"), max_length=128, widget=forms.PasswordInput)
    new_password2 = forms.CharField(
        label=gettext_lazy("再次输入新密码"), max_length=128, widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


# ---------------------------------------------------------------------------------------------------------
# Sign-in: password, then the code when the account has TOTP


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["password_reset_by_email"] = settings.KECHUANG_PASSWORD_RESET_BY_EMAIL
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not otp.has_two_factor(user):
            return super().form_valid(form)
        # The password was right; the session is not signed in until the code is.
        self.request.session[PENDING] = {
            "user_id": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
            "attempts": 0,
        }
        return redirect("accounts:login_otp")


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > settings.KECHUANG_OTP_PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return pending


def login_otp(request: HttpRequest) -> HttpResponse:
    """The second step: the code of the authenticator app (or a backup code)."""
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("请输入用户名和密码登录。"))
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            target = pending.get("next") or reverse(settings.LOGIN_REDIRECT_URL)
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse(settings.LOGIN_REDIRECT_URL)
            return redirect(target)
        # A wrong code is a failed sign-in: django-axes counts it, the audit chain records it.
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        pending["attempts"] = int(pending.get("attempts", 0)) + 1
        if pending["attempts"] >= MAX_CODE_ATTEMPTS:
            request.session.pop(PENDING, None)
            messages.error(request, _("动态验证码错误次数过多，请重新登录。"))
            return redirect("accounts:login")
        request.session[PENDING] = pending
        form.add_error("code", _("动态验证码不正确。"))
    return render(request, "accounts/login_otp.html", {"form": form})


# ---------------------------------------------------------------------------------------------------------
# 账户安全


def _qr_svg(url: str) -> str:
    """The provisioning URI as an inline SVG QR code (drawn here: no image service, works offline)."""
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """账户安全: two-factor status; enabling TOTP (QR code and secret, confirmed by a first code)."""
    user = request.user
    context: dict[str, Any] = {
        "enabled": otp.has_two_factor(user),
        "required": otp.two_factor_required(user),
        "backup_left": otp.backup_codes_left(user),
        "form": CodeForm(),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "start":
            otp.totp_start(user=user)
        elif action == "confirm":
            form = CodeForm(request.POST)
            context["form"] = form
            if form.is_valid():
                context["codes"] = otp.totp_confirm(user=user, code=form.cleaned_data["code"])
                context["enabled"] = True
                messages.success(request, _("两步验证已启用。请妥善保存下列备用码，每个只能使用一次。"))
                otp_login(request, otp.confirmed_totp(user))  # this session counts as verified
        elif action == "backup":
            context["codes"] = otp.backup_codes_renew(user=user)
            messages.success(request, _("已生成新的备用码，原有备用码已失效。"))
        elif action is not None:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    if not context["enabled"]:
        device = otp.pending_device(user)
        if device is not None:
            context["device"] = device
            context["qr"] = mark_safe(_qr_svg(device.config_url))
            context["secret"] = otp.secret_text(device)
    context["backup_left"] = otp.backup_codes_left(user)
    return render(request, "accounts/security.html", context)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ApplicationError as exc:
            field = exc.extra.get("field")
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            update_session_auth_hash(request, request.user)  # stay signed in
            messages.success(request, _("密码已修改。"))
            return redirect("accounts:security")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "temporary": request.user.must_change_password},
    )


# ---------------------------------------------------------------------------------------------------------
# 账户管理 (platform admins)

admin_required = role_required(user_is_platform_admin)


@admin_required
def user_admin(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:150]
    users = User.objects.order_by("username")
    if query:
        users = users.filter(username__icontains=query) | users.filter(display_name__icontains=query)
    rows = list(users[:50])
    with_otp = otp.users_with_two_factor([u.pk for u in rows])
    return render(
        request,
        "accounts/user_admin.html",
        {"rows": [(u, u.pk in with_otp) for u in rows], "q": query},
    )


def _admin_target(request: HttpRequest, pk: int) -> User:
    return get_object_or_404_for(request.user, User.objects.all(), "manage", pk=pk)


@admin_required
@require_POST
def user_otp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    target = _admin_target(request, pk)
    try:
        removed = otp.otp_reset(actor=request.user, user=target)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if removed:
            messages.success(request, _("已重置%(name)s的两步验证。") % {"name": target})
        else:
            messages.info(request, _("%(name)s未启用两步验证。") % {"name": target})
    return redirect("accounts:user_admin")


@admin_required
@require_POST
def user_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    target = _admin_target(request, pk)
    try:
        password = services.password_set_temporary(actor=request.user, user=target, may_reset=True)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:user_admin")
    return render(request, "accounts/temporary_password.html", {"target": target, "password": password})


# ---------------------------------------------------------------------------------------------------------
# Password reset by e-mail (only when KECHUANG_PASSWORD_RESET_BY_EMAIL: outgoing mail is configured)


def _email_reset_enabled(view: Any) -> Any:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.KECHUANG_PASSWORD_RESET_BY_EMAIL:
            raise Http404(_("未开通邮件找回密码，请联系平台管理员重置密码。"))
        return view(request, *args, **kwargs)

    return wrapped


password_reset = _email_reset_enabled(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url="/accounts/password/reset/done/",
    )
)
password_reset_done = _email_reset_enabled(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = _email_reset_enabled(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html", success_url="/accounts/password/reset/complete/"
    )
)
password_reset_complete = _email_reset_enabled(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
