"""The site chatbot (FRONTEND.md §10.1): answers from the CMS; hands over to the team."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.request import client_ip
from enquiries import selectors
from enquiries.apis.common import PublicApi, TrimmedCharField, validated
from enquiries.services.chatbot import chatbot_chat
from enquiries.throttles import ChatbotThrottle


class VisitorFields(serializers.Serializer):
    conversation_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
    device_fingerprint = serializers.CharField(max_length=200, required=False, allow_blank=True)
    visitor_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    visitor_email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    visitor_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class RecommendationSerializer(serializers.Serializer):
    class Meta:
        ref_name = "ChatbotRecommendation"

    id = serializers.CharField(source="pk")
    title = serializers.CharField()
    description = serializers.CharField(source="summary")


class ChatbotChatApi(PublicApi):
    throttle_classes = [ChatbotThrottle]

    class InputSerializer(VisitorFields):
        class Meta:
            ref_name = "ChatbotChatInput"

        message = TrimmedCharField(max_length=2000)

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ChatbotChatOutput"

        conversation_id = serializers.CharField(source="conversation.public_id")
        message = serializers.CharField()
        recommendations = RecommendationSerializer(many=True)
        handoff = serializers.BooleanField()

    @extend_schema(
        operation_id="chatbot_chat",
        summary="Send a message to the chatbot",
        description=(
            "Answers from the CMS's FAQs and services. Asking for a person, or two questions "
            "in a row it cannot answer, hands the chat to the team as a contact enquiry "
            "(`handoff: true`)."
        ),
        request=InputSerializer,
        responses={200: OutputSerializer},
    )
    def post(self, request):
        v = validated(self.InputSerializer, request.data)
        reply = chatbot_chat(
            message=v["message"],
            conversation_id=v.get("conversation_id"),
            visitor={
                "device_fingerprint": v.get("device_fingerprint", ""),
                "visitor_name": v.get("visitor_name", "").strip(),
                "visitor_email": v.get("visitor_email", "").strip(),
                "visitor_phone": v.get("visitor_phone", "").strip(),
            },
            ip=client_ip(request),
        )
        return Response(self.OutputSerializer(reply).data)


class ChatbotHistoryApi(PublicApi):
    throttle_classes = [ChatbotThrottle]

    class InputSerializer(VisitorFields):
        class Meta:
            ref_name = "ChatbotHistoryInput"

        limit = serializers.IntegerField(min_value=1, max_value=10, default=3)

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ChatbotHistoryOutput"

        class Conversation(serializers.Serializer):
            class Meta:
                ref_name = "ChatbotConversation"

            class Message(serializers.Serializer):
                class Meta:
                    ref_name = "ChatbotMessage"

                id = serializers.CharField()
                sender = serializers.CharField()
                message = serializers.CharField()
                created_at = serializers.DateTimeField()

            id = serializers.CharField(source="public_id")
            status = serializers.CharField()
            messages = Message(many=True, source="messages.all")

        latest_conversation_id = serializers.CharField(required=False)
        conversations = Conversation(many=True)

    @extend_schema(
        operation_id="chatbot_history",
        summary="The visitor's recent chatbot conversations",
        description="By `conversationId` and/or `deviceFingerprint`, newest first.",
        request=InputSerializer,
        responses={200: OutputSerializer},
    )
    def post(self, request):
        v = validated(self.InputSerializer, request.data)
        conversations = selectors.chat_history(
            conversation_id=v.get("conversation_id"),
            device_fingerprint=v.get("device_fingerprint", ""),
            limit=v["limit"],
        )
        body = {"conversations": conversations}
        if conversations:
            body["latest_conversation_id"] = conversations[0].public_id
        return Response(self.OutputSerializer(body).data)
