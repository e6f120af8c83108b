"""Payments API: one APIView per operation (the frontend's API contract, "Payments")."""

from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed, NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication

from bookings.selectors import booking_for_tracking_token, tracking_token_from_request
from bookings.throttles import TrackingThrottle
from core.request import client_ip
from payments import serializers as s
from payments import webhooks
from payments.exceptions import InvalidWebhook, RetryLater, WebhookNotProcessed, WebhookRejected
from payments.gateways import webhooks_for
from payments.gateways.mpesa import webhooks as mpesa_webhooks
from payments.models import PaymentProvider
from payments.selectors import payment_lookup
from payments.services import payment_create, payment_refresh_for_client
from payments.throttles import PaymentCreateThrottle, WebhookThrottle

PAYMENT_NOT_FOUND = "We could not find that payment."


class StaffJWTOrNone(JWTAuthentication):
    """The configured staff JWT authentication when the bearer token is a staff token;
    anonymous otherwise, so that a booking tracking token sent as `Authorization: Bearer`
    reaches the view instead of failing authentication."""

    def authenticate(self, request):
        for auth_class in api_settings.DEFAULT_AUTHENTICATION_CLASSES:
            try:
                result = auth_class().authenticate(request)
            except AuthenticationFailed:
                return None
            if result is not None:
                return result
        return None


class StaffJWTOrNoneScheme(OpenApiAuthenticationExtension):
    target_class = StaffJWTOrNone
    name = "staffJwtOrTrackingToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A staff access token, or the booking's tracking token "
            "(also accepted as ?token=).",
        }


class PaymentCreateApi(APIView):
    """Start paying a booking's deposit, authorised by the booking's tracking token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PaymentCreateThrottle]

    @extend_schema(
        operation_id="payments_create",
        request=s.PaymentCreateInputSerializer,
        responses={
            201: PolymorphicProxySerializer(
                component_name="PaymentStart",
                serializers={
                    "stripe": s.StripeStartSerializer,
                    "mpesa": s.MpesaStartSerializer,
                    "paypal": s.PaypalStartSerializer,
                },
                resource_type_field_name="provider",
            ),
            409: OpenApiResponse(description="Not payable, already paid, or amount mismatch"),
            502: OpenApiResponse(description="The payment provider failed; nothing was created"),
        },
    )
    def post(self, request):
        serializer = s.PaymentCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token = tracking_token_from_request(request)
        booking = booking_for_tracking_token(token=token, booking_id=data["booking_id"])
        payment, created = payment_create(
            booking_id=booking.pk,
            provider=data["provider"],
            amount=data["amount"],
            phone=data.get("phone") or None,
            tracking_token=token,
        )
        return Response(
            s.start_response(payment),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class PaymentDetailApi(APIView):
    """Status polling for the client (tracking token of the payment's booking) or staff
    (payments.view_payment). `id` is our payment id or the provider reference the client
    holds: Stripe session id, M-Pesa CheckoutRequestID or PayPal order id. A pending
    payment is checked with the provider (the same fulfil path as the webhooks)."""

    authentication_classes = [StaffJWTOrNone]
    permission_classes = [AllowAny]
    throttle_classes = [TrackingThrottle]  # the tracking page's budget

    @extend_schema(operation_id="payments_retrieve", responses=s.PaymentOutputSerializer)
    def get(self, request, payment_id: str):
        payment = payment_lookup(payment_id)
        if payment is None:
            raise NotFound(PAYMENT_NOT_FOUND)
        user = request.user
        if not (user and user.is_authenticated and user.has_perm("payments.view_payment")):
            token = tracking_token_from_request(request)
            if user and user.is_authenticated and not token:
                raise PermissionDenied()
            try:
                booking_for_tracking_token(token=token, booking_id=payment.booking_id)
            except (NotFound, Http404):
                raise NotFound(PAYMENT_NOT_FOUND) from None
        payment = payment_refresh_for_client(payment=payment)
        payment = payment_lookup(str(payment.pk))
        return Response(s.PaymentOutputSerializer(payment).data)


class _WebhookApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [WebhookThrottle]
    provider = ""

    def verify(self, headers, body, **kwargs):
        return webhooks_for(self.provider).verify(headers, body)

    def handle(self, request, **kwargs) -> None:
        """Verify first (nothing unauthenticated reaches the inbox), then store it and queue
        its processing: the provider is answered before any handler runs."""
        body = request.body  # the raw bytes: signatures are over these, never re-encoded
        headers = webhooks.headers_of(request, self.provider)
        ip = client_ip(request)
        try:
            event_id, event_type, _ = self.verify(headers, body, ip=ip, **kwargs)
        except InvalidWebhook as exc:
            webhooks.webhook_record_invalid(
                provider=self.provider, headers=headers, body=body, source_ip=ip, error=exc
            )
            raise self.rejected() from exc
        except RetryLater as exc:
            raise WebhookNotProcessed() from exc
        webhooks.webhook_deliver(
            provider=self.provider,
            event_id=event_id,
            event_type=event_type,
            headers=headers,
            body=body,
            source_ip=ip,
        )

    def rejected(self):
        return WebhookRejected()


class StripeWebhookApi(_WebhookApi):
    provider = PaymentProvider.STRIPE

    @extend_schema(
        operation_id="payments_webhook_stripe",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={200: s.WebhookAckSerializer, 400: OpenApiResponse(description="Bad signature")},
    )
    def post(self, request):
        self.handle(request)  # stored: processing and its retries are ours, not Stripe's
        return Response({"received": True})


class PaypalWebhookApi(_WebhookApi):
    provider = PaymentProvider.PAYPAL

    @extend_schema(
        operation_id="payments_webhook_paypal",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={200: s.WebhookAckSerializer, 400: OpenApiResponse(description="Not verified")},
    )
    def post(self, request):
        self.handle(request)  # stored: processing and its retries are ours, not PayPal's
        return Response({"received": True})


class MpesaWebhookApi(_WebhookApi):
    """Safaricom's STK callback. Unsigned by design: a secret path, an optional source
    address check, and every success confirmed with the STK Query API."""

    provider = PaymentProvider.MPESA
    kind = mpesa_webhooks.STK

    def verify(self, headers, body, *, secret, ip, **kwargs):
        return mpesa_webhooks.verify(headers, body, secret=secret, source_ip=ip, kind=self.kind)

    def rejected(self):
        return NotFound()  # a wrong secret looks like any unknown URL

    @extend_schema(
        operation_id="payments_webhook_mpesa",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={200: s.MpesaAckSerializer, 404: OpenApiResponse(description="Wrong secret")},
    )
    def post(self, request, secret: str):
        self.handle(request, secret=secret)
        # Safaricom does not redeliver and wants this answer whatever happens next: the
        # event is processed by the task (retried, swept, replayable), and the query task
        # or reconciliation settles the rest.
        return Response({"ResultCode": 0, "ResultDesc": "Accepted"})


@extend_schema_view(post=extend_schema(operation_id="payments_webhook_mpesa_refund"))
class MpesaRefundWebhookApi(MpesaWebhookApi):
    """The result of a refund (a reversal or a B2C payment): done or refused. Secret path
    as above."""

    kind = mpesa_webhooks.REFUND


@extend_schema_view(post=extend_schema(operation_id="payments_webhook_mpesa_refund_timeout"))
class MpesaRefundTimeoutWebhookApi(MpesaWebhookApi):
    """Daraja gave up on a queued refund request: the refund is marked failed for staff."""

    kind = mpesa_webhooks.REFUND_TIMEOUT
