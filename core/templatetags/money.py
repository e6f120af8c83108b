"""`{{ amount|money:currency }}`: the admin shows amounts exactly as emails and API text
do (core.money.display_amount)."""

from django import template

from core.money import display_amount

register = template.Library()


@register.filter
def money(amount, currency="KES"):
    return display_amount(amount, currency or "KES")
