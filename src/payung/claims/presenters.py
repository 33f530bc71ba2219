"""A claim as a screen or a download shows it: the person through the registry's presenter (masked
NIK on lists), an unregistered claimant masked the same way."""

from __future__ import annotations

from dataclasses import dataclass

from payung.lib.masking import mask_nik
from payung.registry.presenters import present_worker

from .models import Claim


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    name: str
    nik: str  # masked
    registered: bool


def claim_row(claim: Claim, user, disclosure=None) -> ClaimRow:
    if claim.worker is not None:
        view = disclosure.show(claim.worker) if disclosure is not None else present_worker(claim.worker, user)
        return ClaimRow(claim, view.name, view.nik, True)
    return ClaimRow(claim, claim.unregistered_name, mask_nik(claim.unregistered_nik), False)
