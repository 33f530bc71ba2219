"""One error shape for every 4xx and 5xx of the API:

    {"error": {"code": "...", "message": "...", "fields": {field: [{"code": ..., "message": ...}]}}}

Messages are in the request's language (Accept-Language; Indonesian by default). What lies outside the
caller's scope answers 404, exactly as what does not exist.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from payung.accounts.scope import NotVisible

logger = logging.getLogger(__name__)

# Codes for the kinds DRF raises; a message of our own replaces DRF's English default where needed.
CODES = {
    status.HTTP_400_BAD_REQUEST: "invalid",
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "permission_denied",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_406_NOT_ACCEPTABLE: "not_acceptable",
    status.HTTP_409_CONFLICT: "conflict",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def _messages(detail) -> list[str]:
    return [problem["message"] for problem in _problems(detail)]


def _problems(detail) -> list[dict[str, str]]:
    """DRF's error details (ErrorDetail keeps a code) as [{code, message}]; nested ones flattened."""
    if isinstance(detail, list):
        return [p for item in detail for p in _problems(item)]
    if isinstance(detail, dict):
        return [p for item in detail.values() for p in _problems(item)]
    return [{"code": str(getattr(detail, "code", "invalid") or "invalid"), "message": str(detail)}]


def _default_message(status_code: int, exc) -> str:
    if status_code == status.HTTP_404_NOT_FOUND:
        return _("Tidak ditemukan.")
    if status_code == status.HTTP_401_UNAUTHORIZED:
        return str(exc.detail) if getattr(exc, "detail", None) else _("Perlu token atau masuk terlebih dulu.")
    if status_code == status.HTTP_403_FORBIDDEN and not isinstance(exc, DjangoPermissionDenied):
        detail = str(getattr(exc, "detail", ""))
        return (
            detail
            if detail and detail != str(exceptions.PermissionDenied.default_detail)
            else _("Peran Anda tidak boleh melakukan ini.")
        )
    if status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        return _("Metode %(method)s tidak tersedia di alamat ini.") % {"method": getattr(exc, "method", "")}
    if status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        return _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)s detik.") % {
            "seconds": int(getattr(exc, "wait", 0) or 1)
        }
    return ""


def _drf_detail(error: DjangoValidationError):
    def problems(errors):
        return [exceptions.ErrorDetail(" ".join(e.messages), code=e.code or "invalid") for e in errors]

    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if name == "__all__" else name): problems(errors)
            for name, errors in error.error_dict.items()
        }
    return problems(error.error_list)


def api_exception_handler(exc, context):
    if isinstance(exc, (Http404, NotVisible)):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        # A service's refusal (the same one the screens show): its fields and codes, as DRF would.
        exc = exceptions.ValidationError(_drf_detail(exc))
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("API error", exc_info=exc)
        return Response(
            error_body("server_error", _("Terjadi kesalahan pada server. Coba lagi nanti.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    code = CODES.get(response.status_code, "error")
    fields: dict = {}
    message = _default_message(response.status_code, exc)
    detail = getattr(exc, "detail", None)
    if isinstance(exc, exceptions.ValidationError) and isinstance(detail, dict):
        fields = {name: _problems(value) for name, value in detail.items() if name != "non_field_errors"}
        general = _messages(detail.get("non_field_errors", []))
        message = general[0] if general else _("Periksa isian yang ditandai.")
    elif isinstance(exc, exceptions.ValidationError):
        messages = _messages(detail)
        message = messages[0] if messages else _("Permintaan tidak sah.")
    elif not message:
        message = str(detail) if detail else _("Permintaan tidak dapat diproses.")
    response.data = error_body(code, message, fields)
    return response


@csrf_exempt  # it changes nothing; a PUT to a wrong address gets this answer, not the CSRF page
def not_found_json(request, *args, **kwargs) -> JsonResponse:
    """Any address under /api/ that is not an operation: the same shape, not an HTML page."""
    return JsonResponse(error_body("not_found", _("Tidak ditemukan.")), status=404)
