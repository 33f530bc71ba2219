"""API pages: the same keyset and opaque cursors as the list screens (registry.paging), and how the
OpenAPI description shows a page (`page_of`)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from payung.registry.paging import Page, cursor_is_valid, keyset_page
from payung.schemes.paging import IdPage, id_page

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def page_size(request) -> int:
    raw = request.query_params.get("page_size", "")
    if not raw:
        return PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise ValidationError(
            {"page_size": _("Ukuran halaman harus 1 sampai %(max)s.") % {"max": MAX_PAGE_SIZE}}
        )
    return int(raw)


def _cursors(request) -> tuple[str, str]:
    """`after` and `before`; a cursor that is not one of ours is a 400 naming the field (the screens fall
    back to page 1; a script should know its cursor was wrong)."""
    for field in ("after", "before"):
        value = request.query_params.get(field, "")
        if value and not cursor_is_valid(value):
            raise ValidationError({field: _("Kursor halaman tidak sah: mulai lagi dari halaman pertama.")})
    return request.query_params.get("after", ""), request.query_params.get("before", "")


def worker_page(request, queryset, *, selective: bool = False, walks=()) -> Page:
    """One page of people by name (registry.paging)."""
    after, before = _cursors(request)
    return keyset_page(
        queryset, after=after, before=before, size=page_size(request), selective=selective, walks=walks
    )


def id_page_for(request, queryset) -> IdPage:
    """One page of rows in id order (import jobs, bills, a bill's lines and payments: schemes.paging)."""
    after, before = _cursors(request)
    return id_page(queryset, after=after, before=before, size=page_size(request))


def paginated_response(request, page: Page, results: list) -> Response:
    url = remove_query_param(remove_query_param(request.build_absolute_uri(), "after"), "before")
    return Response(
        {
            "next": replace_query_param(url, "after", page.next_cursor) if page.next_cursor else None,
            "previous": replace_query_param(url, "before", page.prev_cursor) if page.prev_cursor else None,
            "results": results,
        }
    )


def page_of(serializer_class):
    """The OpenAPI description of one page of ``serializer_class``: ``{next, previous, results}``."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return inline_serializer(
        name=f"{name}Page",
        fields={
            "next": serializers.URLField(allow_null=True, help_text="the next page, or null"),
            "previous": serializers.URLField(allow_null=True, help_text="the previous page, or null"),
            "results": serializer_class(many=True),
        },
    )
