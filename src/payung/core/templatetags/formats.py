"""`{% load formats %}`: the site's one way to show numbers, percentages, dates and sizes (payung.lib.formats)."""

from django import template

from payung.lib import formats

register = template.Library()


@register.filter
def number(value, decimals=None):
    return formats.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value, decimals=2):
    return formats.percent(value, int(decimals))


@register.filter
def month(value):
    return formats.month(value)


@register.filter
def day(value):
    return formats.day(value)


@register.filter
def filesize(value):
    return formats.filesize(value)


@register.filter
def rupiah(value):
    return formats.rupiah(value)
