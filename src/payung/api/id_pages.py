"""API pages of rows in id order (import jobs, bills, a bill's lines and payments): the lifecycle's own
keyset (schemes.paging.id_page) with the API's checks of the cursor and the page size."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from payung.registry.paging import cursor_is_valid
from payung.schemes.paging import IdPage, id_page

from .pagination import _page_size


def id_page_for(request, queryset) -> IdPage:
    """One page by `after`/`before`; a cursor that is not one of ours is a 400 naming the field (the
    screens fall back to page 1; a script should know its cursor was wrong)."""
    for field in ("after", "before"):
        value = request.query_params.get(field, "")
        if value and not cursor_is_valid(value):
            raise ValidationError({field: _("Kursor halaman tidak sah: mulai lagi dari halaman pertama.")})
    return id_page(
        queryset,
        after=request.query_params.get("after", ""),
        before=request.query_params.get("before", ""),
        size=_page_size(request),
    )
