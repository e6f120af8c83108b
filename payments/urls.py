from django.urls import path

from payments import apis

app_name = "payments"

urlpatterns = [
    path("payments/create", apis.PaymentCreateApi.as_view(), name="create"),
    path("payments/webhooks/stripe", apis.StripeWebhookApi.as_view(), name="webhook-stripe"),
    path("payments/webhooks/paypal", apis.PaypalWebhookApi.as_view(), name="webhook-paypal"),
    path(
        "payments/webhooks/mpesa/<str:secret>",
        apis.MpesaWebhookApi.as_view(),
        name="webhook-mpesa",
    ),
    path(
        "payments/webhooks/mpesa/<str:secret>/refund",
        apis.MpesaRefundWebhookApi.as_view(),
        name="webhook-mpesa-refund",
    ),
    path(
        "payments/webhooks/mpesa/<str:secret>/refund/timeout",
        apis.MpesaRefundTimeoutWebhookApi.as_view(),
        name="webhook-mpesa-refund-timeout",
    ),
    path("payments/<str:payment_id>", apis.PaymentDetailApi.as_view(), name="detail"),
]
