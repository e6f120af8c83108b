"""Request and response shapes of the payments API (camelCase, ids as strings)."""

from rest_framework import serializers

from payments.models import PaymentProvider


class PaymentCreateInputSerializer(serializers.Serializer):
    bookingId = serializers.CharField(max_length=40)
    amount = serializers.DecimalField(max_digits=16, decimal_places=4)
    provider = serializers.ChoiceField(choices=PaymentProvider.values)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class StripeStartSerializer(serializers.Serializer):
    provider = serializers.CharField()
    checkoutUrl = serializers.URLField()
    sessionId = serializers.CharField()


class MpesaStartSerializer(serializers.Serializer):
    provider = serializers.CharField()
    checkoutRequestId = serializers.CharField()
    status = serializers.CharField()


class PaypalStartSerializer(serializers.Serializer):
    provider = serializers.CharField()
    approveUrl = serializers.URLField()
    orderId = serializers.CharField()


def start_response(payment) -> dict:
    """The create response, exactly as the frontend's API contract names it per provider."""
    if payment.provider == PaymentProvider.STRIPE:
        return {
            "provider": "stripe",
            "checkoutUrl": payment.checkout_url,
            "sessionId": payment.provider_reference,
        }
    if payment.provider == PaymentProvider.MPESA:
        return {
            "provider": "mpesa",
            "checkoutRequestId": payment.provider_reference,
            "status": "pending",
        }
    return {
        "provider": "paypal",
        "approveUrl": payment.checkout_url,
        "orderId": payment.provider_reference,
    }


class PaymentOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    bookingId = serializers.CharField(source="booking_id")
    bookingReference = serializers.CharField(source="booking.public_reference")
    provider = serializers.CharField()
    status = serializers.CharField()
    amount = serializers.CharField()
    currency = serializers.CharField()
    amountRefunded = serializers.SerializerMethodField()
    receiptNumber = serializers.CharField(source="provider_receipt")
    message = serializers.SerializerMethodField()
    checkoutUrl = serializers.CharField(source="checkout_url")
    createdAt = serializers.DateTimeField(source="created_at")
    paidAt = serializers.DateTimeField(source="succeeded_at", allow_null=True)

    def get_amountRefunded(self, payment) -> str:
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
