"""Request and response shapes of the payments API (Python names, camelCase on the wire;
ids as strings)."""

from rest_framework import serializers

from payments.models import PaymentProvider


class PaymentCreateInputSerializer(serializers.Serializer):
    booking_id = serializers.CharField(max_length=40)
    amount = serializers.DecimalField(max_digits=16, decimal_places=4)
    provider = serializers.ChoiceField(choices=PaymentProvider.values)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class StripeStartSerializer(serializers.Serializer):
    provider = serializers.CharField()
    checkout_url = serializers.URLField()
    session_id = serializers.CharField()


class MpesaStartSerializer(serializers.Serializer):
    provider = serializers.CharField()
    checkout_request_id = serializers.CharField()
    status = serializers.CharField()


class PaypalStartSerializer(serializers.Serializer):
    provider = serializers.CharField()
    approve_url = serializers.URLField()
    order_id = serializers.CharField()


def start_response(payment) -> dict:
    """The create response, exactly as the frontend's API contract names it per provider."""
    if payment.provider == PaymentProvider.STRIPE:
        return {
            "provider": "stripe",
            "checkout_url": payment.checkout_url,
            "session_id": payment.provider_reference,
        }
    if payment.provider == PaymentProvider.MPESA:
        return {
            "provider": "mpesa",
            "checkout_request_id": payment.provider_reference,
            "status": "pending",
        }
    return {
        "provider": "paypal",
        "approve_url": payment.checkout_url,
        "order_id": payment.provider_reference,
    }


class PaymentOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    booking_id = serializers.CharField()
    booking_reference = serializers.CharField(source="booking.public_reference")
    provider = serializers.CharField()
    status = serializers.CharField()
    amount = serializers.CharField()
    currency = serializers.CharField()
    amount_refunded = serializers.SerializerMethodField()
    receipt_number = serializers.CharField(source="provider_receipt")
    message = serializers.SerializerMethodField()
    checkout_url = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(source="succeeded_at", allow_null=True)

    def get_amount_refunded(self, payment) -> str:
        from payments.money import format_major

        return format_major(payment.amount_refunded_minor, payment.currency)

    def get_message(self, payment) -> str:
        from payments.selectors import client_message

        return client_message(payment)


class WebhookAckSerializer(serializers.Serializer):
    received = serializers.BooleanField()


class MpesaAckSerializer(serializers.Serializer):
    ResultCode = serializers.IntegerField()
    ResultDesc = serializers.CharField()
