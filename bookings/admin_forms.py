"""Forms behind the booking inspect page's review actions. Real Django fields give the
inputs a type (number, select) so Wagtail styles them, and the browser plus the form
refuse a malformed amount before the service is called; the service still checks the
business rules (deposit not above the quote, ...)."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model

# Currencies the payment providers can charge; the booking's own currency is kept even
# when it is not in this list, so an old booking can still be accepted as it was quoted.
CURRENCIES = ("KES", "USD", "EUR", "GBP", "UGX", "TZS")


class AmountField(forms.DecimalField):
    """Also takes "12,000" (thousands separators), as people type amounts in emails."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        return super().to_python(value)


def _amount_field(label: str, help_text: str) -> forms.DecimalField:
    return AmountField(
        label=label,
        help_text=help_text,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
    )


class BookingAcceptForm(forms.Form):
    quoted_amount = _amount_field("Quoted amount", "The total price the client is quoted.")
    deposit_amount = _amount_field(
        "Deposit", "Paid online before work starts; no more than the quoted amount."
    )
    currency = forms.ChoiceField(label="Currency", help_text="The quote's currency.")
    assigned_to = forms.ModelChoiceField(
        label="Assign to",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="(no change)",
        help_text="The team member who handles this booking.",
    )
    note = forms.CharField(
        label="Internal note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seen by staff only.",
    )

    def __init__(self, *args, booking, **kwargs):
        kwargs.setdefault("initial", {"currency": booking.currency})
        super().__init__(*args, **kwargs)
        codes = dict.fromkeys([*CURRENCIES, booking.currency])
        self.fields["currency"].choices = [(code, code) for code in codes]
        self.fields["assigned_to"].queryset = get_user_model().objects.filter(
            is_active=True, is_staff=True
        )

    def clean(self):
        cleaned = super().clean()
        quoted, deposit = cleaned.get("quoted_amount"), cleaned.get("deposit_amount")
        if quoted is not None and deposit is not None and deposit > quoted:
            self.add_error("deposit_amount", "The deposit cannot be more than the quoted amount.")
        return cleaned


class BookingRejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Sent to the client in the rejection email.",
    )


def form_errors_text(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {message}".lstrip(": ")
        for name, messages in form.errors.items()
        for message in messages
    )
