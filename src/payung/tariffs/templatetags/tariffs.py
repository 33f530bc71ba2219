from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.filter
def rupiah(value):
    """16800 -> 'Rp16.800' on Indonesian pages, 'Rp16,800' on English ones (Babel, the active language)."""
    if value is None or value == "":
        return "—"
    amount = int(value)
    digits = format_decimal(abs(amount), locale=to_locale(get_language() or "id"))
    return f"{'-' if amount < 0 else ''}Rp{digits}"
