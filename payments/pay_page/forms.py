from django import forms

from payments.models import PaymentProvider


class StartPaymentForm(forms.Form):
    """One button of the page. `amount` is what the page showed: the service refuses it if
    the deposit changed since, so the client never pays an amount they did not see."""

    provider = forms.ChoiceField(choices=PaymentProvider.choices)
    amount = forms.DecimalField(max_digits=16, decimal_places=4)
    phone = forms.CharField(max_length=32, required=False)

    def __init__(self, *args, providers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [
            (value, label) for value, label in PaymentProvider.choices if value in providers
        ]
        self.fields["provider"].error_messages["invalid_choice"] = (
            "That payment method is not available for this booking."
        )
