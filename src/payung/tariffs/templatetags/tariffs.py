from django import template

from payung.rules.money import rupiah_text

register = template.Library()


@register.filter
def rupiah(value):
    """16800 -> 'Rp16.800' (Indonesian thousands dot, whatever the active locale)."""
    if value is None or value == "":
        return "—"
    return rupiah_text(int(value))
