from django import template

from payung.lib import formats

register = template.Library()


@register.filter
def rupiah(value):
    """16800 -> 'Rp16.800' on Indonesian pages, 'Rp16,800' on English ones (payung.lib.formats)."""
    return formats.rupiah(value)
