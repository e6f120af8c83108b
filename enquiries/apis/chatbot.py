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
    conversationId = serializers.CharField(max_length=64, required=False, allow_blank=True)
    deviceFingerprint = serializers.CharField(max_length=200, required=False, allow_blank=True)
    visitorName = serializers.CharField(max_length=200, required=False, allow_blank=True)
    visitorEmail = serializers.CharField(max_length=254, required=False, allow_blank=True)
    visitorPhone = serializers.CharField(max_length=32, required=False, allow_blank=True)


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

        conversationId = serializers.CharField(source="conversation.public_id")
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
            conversation_id=v.get("conversationId"),
            visitor={
                "device_fingerprint": v.get("deviceFingerprint", ""),
                "visitor_name": v.get("visitorName", "").strip(),
                "visitor_email": v.get("visitorEmail", "").strip(),
                "visitor_phone": v.get("visitorPhone", "").strip(),
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
                createdAt = serializers.DateTimeField(source="created_at")

            id = serializers.CharField(source="public_id")
            status = serializers.CharField()
            messages = Message(many=True, source="messages.all")

        latestConversationId = serializers.CharField(required=False)
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
            conversation_id=v.get("conversationId"),
            device_fingerprint=v.get("deviceFingerprint", ""),
            limit=v["limit"],
        )
        body = {"conversations": conversations}
        if conversations:
            body["latestConversationId"] = conversations[0].public_id
        return Response(self.OutputSerializer(body).data)
