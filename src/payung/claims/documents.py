"""The documents checklist table, filled from `payung.rules.claims.DOCUMENTS` (migration 0002, and
tests that flush the database). Rows an admin changed are left as they are."""

from __future__ import annotations

from payung.rules.claims import DOCUMENTS


def ensure_document_requirements(model) -> None:
    for position, document in enumerate(DOCUMENTS):
        for kind in document.kinds:
            model.objects.get_or_create(
                kind=kind.value,
                code=document.code,
                defaults={
                    "label": document.label,
                    "source": document.source,
                    "confidence": document.confidence.value,
                    "position": position,
                },
            )
