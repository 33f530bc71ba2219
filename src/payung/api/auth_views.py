"""Getting a token: by password (`POST /api/v1/auth/token/`, throttled and locked like the login) or
on the "Token API" screen, where a user also sees and revokes its tokens."""

from __future__ import annotations

from axes.exceptions import AxesBackendPermissionDenied
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from payung.accounts.roles import needs_second_factor
from payung.accounts.twofactor import has_second_factor, second_factor_verify
from payung.audit.models import Source

from .errors import error_body
from .throttling import TokenRequestThrottle
from .tokens import TokenInvalid, token_create, token_revoke, tokens_of


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=512, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, default="API")
    otp = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="Kode verifikasi dua langkah (wajib bagi admin dan petugas BPJS) / second-factor code",
    )


class TokenAnswerSerializer(serializers.Serializer):
    token = serializers.CharField()
    name = serializers.CharField()
    last_digits = serializers.CharField()
    expires_at = serializers.DateTimeField(allow_null=True)


def _refused(code: str, message: str, field_name: str | None = None) -> Response:
    fields = {field_name: [{"code": code, "message": message}]} if field_name else {}
    return Response(error_body(code, message, fields), status=status.HTTP_400_BAD_REQUEST)


@extend_schema(
    operation_id="auth_token_create",
    summary="Minta token API dengan kata sandi / Get an API token with a password",
    description=(
        "Kunci hanya ditampilkan sekali. Peran yang wajib verifikasi dua langkah mengirim `otp`. "
        "/ The key is shown once. Roles that need a second factor send `otp`."
    ),
    request=TokenRequestSerializer,
    responses={201: TokenAnswerSerializer},
    auth=[],
    examples=[
        OpenApiExample(
            "Permintaan / Request",
            value={"username": "operator.talang", "password": "…", "name": "skrip impor"},
            request_only=True,
        )
    ],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([TokenRequestThrottle])
def token_obtain(request):
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        user = authenticate(request._request, username=data["username"], password=data["password"])
    except AxesBackendPermissionDenied:
        user = None
    if getattr(request._request, "axes_locked_out", False):
        # Answered here in the API's shape; AxesMiddleware would otherwise swap in the HTML lockout page.
        request._request.axes_locked_out = False
        return Response(
            error_body(
                "locked", _("Akun terkunci karena terlalu banyak percobaan gagal. Hubungi admin Anda.")
            ),
            status=status.HTTP_403_FORBIDDEN,
        )
    if user is None:
        return _refused("invalid_credentials", _("Nama pengguna atau kata sandi salah."))
    if needs_second_factor(user) and not has_second_factor(user):
        return _refused(
            "second_factor_not_set_up",
            _("Aktifkan verifikasi dua langkah di layar Keamanan akun sebelum meminta token."),
        )
    if has_second_factor(user):
        if not data.get("otp"):
            return _refused("otp_required", _("Kirim kode verifikasi dua langkah di isian otp."), "otp")
        if second_factor_verify(user=user, code=data["otp"]) is None:
            return _refused("otp_invalid", _("Kode verifikasi salah atau kedaluwarsa."), "otp")
    try:
        token, key = token_create(user=user, name=data["name"], source=Source.API)
    except TokenInvalid as invalid:
        return _refused("invalid", str(invalid), "name")
    return Response(
        {"token": key, "name": token.name, "last_digits": token.last_digits, "expires_at": token.expires_at},
        status=status.HTTP_201_CREATED,
    )


@login_required
def token_list(request):
    new_key = None
    error = ""
    if request.method == "POST":
        try:
            token, new_key = token_create(user=request.user, name=request.POST.get("name", ""))
        except TokenInvalid as invalid:
            error = str(invalid)
        else:
            messages.success(request, _("Token %(name)s dibuat.") % {"name": token.name})
    return render(
        request,
        "api/tokens.html",
        {"tokens": tokens_of(request.user), "new_key": new_key, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def token_revoke_view(request, token_id: int):
    token = token_revoke(user=request.user, token_id=token_id)
    if token is None:
        messages.error(request, _("Token itu tidak ada atau sudah dicabut."))
    else:
        messages.success(
            request,
            _("Token %(name)s dicabut; skrip yang memakainya langsung ditolak.") % {"name": token.name},
        )
    return redirect("api_tokens:list")
