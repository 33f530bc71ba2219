"""The pack as a PDF: an HTML page rendered by WeasyPrint (A4 portrait, the region and year at the top
of every page, page numbers at the bottom, charts as inline SVG). Fonts: DejaVu Sans, standard on
Debian (fonts-dejavu-core), found through fontconfig."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from payung.lib import formats

from .pack import Pack

STYLE = Path(__file__).with_name("pack.css")


def pack_pdf(pack: Pack) -> bytes:
    from weasyprint import CSS, HTML

    subtitle = _("Keadaan per %(month)s · dibuat %(when)s oleh %(who)s") % {
        "month": formats.month(pack.month),
        "when": pack.generated_at.strftime("%d-%m-%Y %H:%M"),
        "who": pack.generated_by or _("baris perintah"),
    }
    html = render_to_string("reports/pack.html", {"pack": pack, "subtitle": subtitle})
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLE))])
