"""Authentication endpoints: obtain/revoke an API token. (Who am I, with roles: the directory's ``/me/``.)"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.accounts import services
from kechuang.core.api import InputSerializer

# ---------------------------------------------------------------------------------------------------------
# POST /api/v1/auth/token/  ·  POST /api/v1/auth/token/revoke/


class TokenObtainInput(InputSerializer):
    username = serializers.CharField(label=_("用户名"), required=False, allow_blank=True, default="")
    password = serializers.CharField(
        label=_("密码"), required=False, allow_blank=True, default="", style={"input_type": "password"}
    )
    otp = serializers.CharField(
        label=_("动态验证码"),
        required=False,
        allow_blank=True,
        default="",
        max_length=32,
        help_text=(
            "Required when the account has two-factor sign-in (TOTP) enabled: the 6-digit code of the "
            "authenticator app, or one backup code. Missing: 400 with extra.code=otp_required; wrong: 400 "
            "otp_invalid (counts as a failed sign-in for the lockout)."
        ),
    )


class TokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="Authorization: Token <token>")
    user_id = serializers.IntegerField()
    username = serializers.CharField()


class AuthTokenApi(APIView):
    """Exchange username and password for an API token; send it as ``Authorization: Token <token>``."""

    # No session/CSRF here: this endpoint is how a script without a browser session signs in.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    # Throttled by django-axes (per account and per address, KECHUANG_LOGIN_*), like the sign-in page.

    @extend_schema(
        operation_id="auth_token_obtain",
        request=TokenObtainInput,
        responses={200: TokenOutput},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenObtainInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user, key = services.auth_token_obtain(
            request=request._request, username=v["username"], password=v["password"], otp_code=v["otp"]
        )
        return Response(TokenOutput({"token": key, "user_id": user.pk, "username": user.username}).data)


class AuthTokenRevokeApi(APIView):
    """Delete the caller's token: every client using it is signed out."""

    @extend_schema(operation_id="auth_token_revoke", request=None, responses={204: OpenApiResponse()})
    def post(self, request: Request) -> Response:
        services.auth_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
