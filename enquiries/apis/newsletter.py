"""Newsletter double opt-in: subscribe (footer form), confirm and unsubscribe (the SPA's
/newsletter/* pages call these GETs; mail clients POST the one-click unsubscribe)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.request import client_ip
from core.validators import EmailAddressField
from enquiries.apis.common import MessageSerializer, PublicApi, validated
from enquiries.services import newsletter
from enquiries.throttles import (
    NewsletterAddressThrottle,
    NewsletterLinkThrottle,
    NewsletterSubscribeThrottle,
)

SUBSCRIBED = "Thanks! Please check your email and click the link to confirm your subscription."
CONFIRMED = "Your subscription is confirmed. Welcome to the AngiSoft newsletter!"
ALREADY_CONFIRMED = "Your subscription was already confirmed. Nothing more to do."
UNSUBSCRIBED = "You have been unsubscribed. You will not receive the newsletter any more."
ALREADY_UNSUBSCRIBED = "You were already unsubscribed. You will not receive the newsletter."

_TOKEN = OpenApiParameter("token", str, required=True, description="The token from the email.")


class NewsletterSubscribeApi(PublicApi):
    throttle_classes = [NewsletterSubscribeThrottle, NewsletterAddressThrottle]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "NewsletterSubscribeInput"

        email = EmailAddressField()

    @extend_schema(
        operation_id="newsletter_subscribe",
        summary="Subscribe to the newsletter (double opt-in)",
        description=(
            "Emails a confirmation link. The answer is the same whether the address is "
            "new, waiting for confirmation or already subscribed."
        ),
        request=InputSerializer,
        responses={200: MessageSerializer},
    )
    def post(self, request):
        v = validated(self.InputSerializer, request.data)
        newsletter.newsletter_subscribe(email=v["email"], ip=client_ip(request))
        return Response({"ok": True, "message": SUBSCRIBED})


class NewsletterConfirmApi(PublicApi):
    throttle_classes = [NewsletterLinkThrottle]

    @extend_schema(
        operation_id="newsletter_confirm",
        summary="Confirm a subscription (idempotent)",
        parameters=[_TOKEN],
        responses={200: MessageSerializer},
    )
    def get(self, request):
        _, changed = newsletter.newsletter_confirm(token=request.query_params.get("token", ""))
        return Response({"ok": True, "message": CONFIRMED if changed else ALREADY_CONFIRMED})


class NewsletterUnsubscribeApi(PublicApi):
    throttle_classes = [NewsletterLinkThrottle]
    # RFC 8058 one-click posts "List-Unsubscribe=One-Click" as a form.
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    def _unsubscribe(self, request):
        _, changed = newsletter.newsletter_unsubscribe(token=request.query_params.get("token", ""))
        return Response({"ok": True, "message": UNSUBSCRIBED if changed else ALREADY_UNSUBSCRIBED})

    @extend_schema(
        operation_id="newsletter_unsubscribe",
        summary="Unsubscribe (idempotent)",
        parameters=[_TOKEN],
        responses={200: MessageSerializer},
    )
    def get(self, request):
        return self._unsubscribe(request)

    @extend_schema(
        operation_id="newsletter_unsubscribe_one_click",
        summary="One-click unsubscribe (RFC 8058, from the List-Unsubscribe header)",
        parameters=[_TOKEN],
        request=None,
        responses={200: MessageSerializer},
    )
    def post(self, request):
        return self._unsubscribe(request)
