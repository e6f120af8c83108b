"""The chatbot: answers from the CMS (FAQs first, then matching services), no external
AI. It hands the conversation to the team, as a contact enquiry, when the visitor asks
for a person or when it could not answer twice in a row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from enquiries import selectors
from enquiries.models import (
    ChatConversation,
    ChatMessage,
    ConversationStatus,
    EnquirySource,
    EnquiryType,
)
from enquiries.services.enquiries import enquiry_create

UNANSWERED_BEFORE_HANDOFF = 2
_HUMAN = re.compile(
    r"\b(human|person|agent|someone|somebody|staff|representative|real people|"
    r"talk to|speak (to|with)|call me|contact me)\b",
    re.IGNORECASE,
)

NO_ANSWER = (
    "I'm not sure I can answer that yet. Could you rephrase it, or ask about our services, "
    "pricing or how a project works?"
)
SERVICES_FOUND = "These services look like a good fit. Ask me about any of them, or book a call."
HANDED_OFF = (
    "I've passed our conversation to the AngiSoft team (reference {reference}). "
    "Someone will contact you at {email} shortly."
)
NEED_EMAIL = (
    "I'd like to pass you to our team. Please share a valid email address so they can reply."
)
ALREADY_ESCALATED = (
    "Our team already has this conversation and will reply by email. "
    "Anything you add here is passed on to them."
)


@dataclass
class ChatReply:
    conversation: ChatConversation
    message: str
    recommendations: list = field(default_factory=list)
    handoff: bool = False


def _conversation(conversation_id, visitor: dict) -> ChatConversation:
    conversation = selectors.conversation_by_public_id(conversation_id) if conversation_id else None
    if conversation is not None:
        conversation = ChatConversation.objects.select_for_update().get(pk=conversation.pk)
    else:
        conversation = ChatConversation(device_fingerprint=visitor.get("device_fingerprint", ""))
    for key in ("visitor_name", "visitor_email", "visitor_phone"):
        if visitor.get(key):
            setattr(conversation, key, visitor[key])
    conversation.save()
    return conversation


def _transcript(conversation: ChatConversation) -> str:
    lines = [
        f"{'Visitor' if m.sender == ChatMessage.Sender.VISITOR else 'Bot'}: {m.message}"
        for m in conversation.messages.all()
    ]
    return "\n".join(lines)[-5000:]


def _hand_off(conversation: ChatConversation, *, ip: str | None) -> str:
    email = conversation.visitor_email.strip()
    try:
        validate_email(email)
    except ValidationError:
        return NEED_EMAIL
    enquiry = enquiry_create(
        name=(conversation.visitor_name or "Chat visitor")[:200],
        email=email.lower(),
        phone=conversation.visitor_phone[:32],
        enquiry_type=EnquiryType.GENERAL,
        subject="Chatbot conversation handed to the team",
        message=_transcript(conversation) or "(empty conversation)",
        source="chatbot",
        channel=EnquirySource.CHATBOT,
        ip=ip,
    )
    conversation.status = ConversationStatus.ESCALATED
    conversation.enquiry = enquiry
    conversation.unanswered_in_a_row = 0
    conversation.save(update_fields=["status", "enquiry", "unanswered_in_a_row", "updated_at"])
    return HANDED_OFF.format(reference=enquiry.public_reference, email=email)


def chatbot_chat(
    *, message: str, conversation_id=None, visitor: dict, ip: str | None = None
) -> ChatReply:
    """Store the visitor's message, work out the reply, store it, and return both."""
    with transaction.atomic():
        conversation = _conversation(conversation_id, visitor)
        ChatMessage.objects.create(
            conversation=conversation, sender=ChatMessage.Sender.VISITOR, message=message
        )
        reply = _answer(conversation, message, ip=ip)
        ChatMessage.objects.create(
            conversation=conversation, sender=ChatMessage.Sender.BOT, message=reply.message
        )
    return reply


def _answer(conversation: ChatConversation, message: str, *, ip) -> ChatReply:
    if conversation.status == ConversationStatus.ESCALATED:
        return ChatReply(conversation, ALREADY_ESCALATED, handoff=True)
    if _HUMAN.search(message):
        text = _hand_off(conversation, ip=ip)
        return ChatReply(conversation, text, handoff=conversation.enquiry_id is not None)

    words = selectors.keywords(message)
    faq = selectors.best_faq(words)
    services = selectors.matching_services(words)
    if faq is None and not services:
        conversation.unanswered_in_a_row += 1
        conversation.save(update_fields=["unanswered_in_a_row", "updated_at"])
        if conversation.unanswered_in_a_row >= UNANSWERED_BEFORE_HANDOFF:
            text = _hand_off(conversation, ip=ip)
            return ChatReply(conversation, text, handoff=conversation.enquiry_id is not None)
        return ChatReply(conversation, NO_ANSWER)

    conversation.unanswered_in_a_row = 0
    conversation.save(update_fields=["unanswered_in_a_row", "updated_at"])
    return ChatReply(conversation, faq.answer if faq else SERVICES_FOUND, recommendations=services)
