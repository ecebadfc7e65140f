"""Organization self-registration, members and invitations (paths under /accounts/, as before).

Signing in and out is the accounts app's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import add_service_error
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry import selectors, services_members
from kechuang.registry.forms_members import InvitationForm, InvitationSignupForm, SignupForm
from kechuang.registry.models import Membership

BACKEND = "kechuang.registry.auth.DirectoryBackend"


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, org = services_members.enterprise_signup(
                username=data["username"],
                password=data["password"],
                email=data["email"],
                display_name=data["display_name"],
                uscc=data["uscc"],
                organization_data={
                    "name": data["name"],
                    "kind": data["kind"],
                    "region": data["region"],
                    "industry": data["industry"],
                    "contact_person": data["display_name"],
                },
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("注册成功。贵单位信息已提交，待所在地科技部门核验后即可申报。"))
            return redirect(reverse("registry:organization_detail", args=[org.pk]))
    return render(request, "registry/signup.html", {"form": form})


@login_required
def organization_members(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization admin sees members and invitations, invites by email and removes members."""
    org = selectors.organization_get(user=request.user, pk=pk, action="manage_members")
    form = InvitationForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services_members.invitation_create(
                actor=request.user,
                organization=org,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("已创建对%(email)s的邀请，请将下方链接发送给对方。") % {"email": created.email}
            )
            form = InvitationForm()
    invitations = list(selectors.invitation_list(user=request.user, organization=org)[:50])
    for invitation in invitations:
        invitation.url = request.build_absolute_uri(
            reverse("members:invitation_accept", args=[invitation.token])
        )
    return render(
        request,
        "registry/organization_members.html",
        {
            "org": org,
            "members": selectors.membership_list(organization=org),
            "invitations": invitations,
            "created": created,
            "form": form,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404_for(
        request.user, Membership.objects.select_related("organization", "user"), "change", pk=pk
    )
    try:
        services_members.membership_remove(actor=request.user, membership=membership)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已移除成员%(name)s。") % {"name": membership.user})
    return redirect("members:organization_members", pk=membership.organization_id)


@login_required
@require_POST
def member_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization's admin sets a temporary password for a member (shown once on the answer page)."""
    membership = get_object_or_404_for(
        request.user, Membership.objects.select_related("organization", "user"), "change", pk=pk
    )
    try:
        password = services_members.member_password_reset(actor=request.user, membership=membership)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("members:organization_members", pk=membership.organization_id)
    return render(
        request,
        "accounts/temporary_password.html",
        {
            "target": membership.user,
            "password": password,
            "back": reverse("members:organization_members", args=[membership.organization_id]),
        },
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee opens the link. Signed in: accept. Not signed in: sign in, or create an account with the
    invited email and join in one step. A forged token is a 404; the token itself is the secret."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return render(request, "registry/invitation_accept.html", {"error": _("邀请链接无效。")}, status=404)
    error = ""
    signup_form = None if request.user.is_authenticated else InvitationSignupForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                membership = services_members.invitation_accept(token=token, user=request.user)
            elif signup_form is not None and signup_form.is_valid():
                user, membership = services_members.invitation_accept_with_signup(
                    token=token,
                    username=signup_form.cleaned_data["username"],
                    password=signup_form.cleaned_data["password"],
                    display_name=signup_form.cleaned_data["display_name"],
                )
                login(request, user, backend=BACKEND)
            else:
                membership = None
        except ApplicationError as exc:
            if signup_form is not None and exc.extra.get("field"):
                add_service_error(signup_form, exc)
            else:
                error = exc.message
        else:
            if membership is not None:
                messages.success(
                    request,
                    _("您已加入%(org)s（%(role)s）。")
                    % {"org": membership.organization.name, "role": membership.get_role_display()},
                )
                return redirect("registry:organization_detail", pk=membership.organization_id)
    elif invitation.accepted_at is not None:
        error = _("该邀请已被使用。")
    elif invitation.expires_at < timezone.now():
        error = _("邀请已过期，请联系机构管理员重新邀请。")
    return render(
        request,
        "registry/invitation_accept.html",
        {"invitation": invitation, "error": error, "signup_form": signup_form},
    )
