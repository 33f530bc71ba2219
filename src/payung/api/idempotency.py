"""`Idempotency-Key` on POSTs that create: the same key twice returns the first answer and creates
nothing new, so an office script can retry after a timeout.

The key is claimed in the same transaction as the work: a retry arriving while the first request runs
waits for it (the unique key), then gets its answer. Only a success is kept: after a refusal the same
key may be sent again with corrected data.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from .errors import error_body
from .models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


class _NotKept(Exception):
    def __init__(self, response):
        self.response = response


def _request_hash(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type.startswith("multipart/"):
        # An uploaded file (up to the import's 100 MB) is not read into memory as the body: its fields
        # and each file's content, read in chunks from where the parser put it.
        for name, values in sorted(request.POST.lists()):
            digest.update(f"{name}={values!r}\n".encode())
        for name, uploads in sorted(request.FILES.lists()):
            for upload in uploads:
                digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()
    digest.update(request._request.body)  # read before the view parses it; Django keeps a copy
    return digest.hexdigest()


def _replay(record: IdempotentRequest, request_hash: str) -> Response:
    if record.request_hash != request_hash:
        return Response(
            error_body(
                "idempotency_key_reused",
                _("Kunci Idempotency-Key ini sudah dipakai untuk permintaan lain. Pakai kunci baru."),
            ),
            status=status.HTTP_409_CONFLICT,
        )
    return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})


def idempotent(view):
    """For a DRF function view (put it under @api_view): POSTs with the header are done once."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if request.method != "POST" or not key or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            return Response(
                error_body(
                    "invalid",
                    _("Idempotency-Key paling panjang %(n)s karakter.") % {"n": MAX_KEY_LENGTH},
                    {HEADER: [{"code": "too_long", "message": _("Terlalu panjang.")}]},
                ),
                status=status.HTTP_400_BAD_REQUEST,
            )
        request_hash = _request_hash(request)
        kept = IdempotentRequest.objects.filter(user=request.user, key=key).first()
        if kept is not None:
            return _replay(kept, request_hash)
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    user=request.user,
                    key=key,
                    method=request.method,
                    path=request.path[:500],
                    request_hash=request_hash,
                    status_code=0,
                )
                response = view(request, *args, **kwargs)
                if not 200 <= response.status_code < 300:
                    raise _NotKept(response)
                record.status_code = response.status_code
                record.body = response.data
                record.save(update_fields=["status_code", "body"])
        except _NotKept as refused:
            return refused.response
        except IntegrityError:
            kept = IdempotentRequest.objects.filter(user=request.user, key=key).first()
            if kept is None:
                raise
            return _replay(kept, request_hash)
        return response

    return wrapper
