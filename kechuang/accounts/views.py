"""Sign-in, sign-out and organization self-registration pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.accounts import services
from kechuang.accounts.forms import SignupForm
from kechuang.core.errors import ApplicationError


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, org = services.enterprise_signup(
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
            field = exc.extra.get("field")
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功。贵单位信息已提交，待所在地科技部门核验后即可申报。"))
            return redirect(reverse("registry:organization_detail", args=[org.pk]))
    return render(request, "accounts/signup.html", {"form": form})
