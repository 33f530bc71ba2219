"""Who may make and download rakor packs: anyone whose region scope holds the pack's region, viewers
included (a pack is aggregates only, small cells suppressed). Outside the scope, or missing: NotVisible (404 on the screens)."""

from __future__ import annotations

from payung.accounts.scope import NotVisible, scope_for

from .models import ReportPack


def pack_for_user(user, pack_id: object) -> ReportPack:
    try:
        pk = int(str(pack_id))
    except ValueError:
        raise NotVisible from None
    pack = ReportPack.objects.select_related("region", "user").filter(pk=pk).first()
    if pack is None or not scope_for(user).contains(pack.region_id):
        raise NotVisible
    return pack
