"""The chatbot through HTTP: answers from CMS FAQs and services, hand-off into the inbox,
history by conversation id and device."""

import uuid

import pytest
from django.core import mail
from django.core.cache import cache

from enquiries.models import ChatConversation, ChatMessage, Enquiry
from tests.cms.factories import FaqFactory, SiteTree, service
from tests.enquiries.conftest import throttle

pytestmark = pytest.mark.django_db

CHAT = "/api/chatbot/chat"
HISTORY = "/api/chatbot/history"
VISITOR = {
    "visitorName": "Wanjiru",
    "visitorEmail": "wanjiru@example.test",
    "visitorPhone": "+254700000222",
    "deviceFingerprint": "device-abc",
}


@pytest.fixture
def content(db):
    tree = SiteTree()
    FaqFactory(
        question="How long does a website project take?",
        answer="Most websites take four to eight weeks from kick-off to launch.",
    )
    FaqFactory(question="Which payment methods do you accept?", answer="M-Pesa, card and bank.")
    mobile = service(
        tree, 1, title="Mobile App Development", slug="mobile-apps", summary="Android and iOS."
    )
    web = service(tree, 2, title="Website Design", slug="websites", summary="Fast sites.")
    service(tree, 3, title="Hidden draft", slug="draft", summary="Mobile draft", publish=False)
    return {"mobile": mobile, "web": web}


def chat(api, message, **extra):
    return api.post(CHAT, {**VISITOR, "message": message, **extra}, format="json")


def test_answers_from_a_faq(api, content):
    response = chat(api, "How long does a website take?")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"conversationId", "message", "recommendations", "handoff"}
    assert body["message"] == "Most websites take four to eight weeks from kick-off to launch."
    assert body["handoff"] is False
    uuid.UUID(body["conversationId"])
    for item in body["recommendations"]:
        assert set(item) == {"id", "title", "description"}


def test_recommends_matching_published_services(api, content):
    body = chat(api, "Can you build a mobile app for us?").json()
    titles = [r["title"] for r in body["recommendations"]]
    assert titles[0] == "Mobile App Development"
    assert "Hidden draft" not in titles
    first = body["recommendations"][0]
    assert first == {
        "id": str(content["mobile"].pk),
        "title": "Mobile App Development",
        "description": "Android and iOS.",
    }
    assert body["handoff"] is False


def test_conversation_is_stored_and_continued(api, content):
    first = chat(api, "Which payment methods do you accept?").json()
    assert first["message"] == "M-Pesa, card and bank."
    second = chat(api, "How long does a website take?", conversationId=first["conversationId"])
    assert second.json()["conversationId"] == first["conversationId"]
    conversation = ChatConversation.objects.get()
    assert conversation.device_fingerprint == "device-abc"
    assert [m.sender for m in conversation.messages.all()] == ["visitor", "bot"] * 2


def test_asking_for_a_person_hands_off_into_the_inbox(api, content, settings):
    opening = chat(api, "Which payment methods do you accept?").json()
    response = chat(api, "Can I talk to a human please?", conversationId=opening["conversationId"])
    body = response.json()
    assert body["handoff"] is True
    enquiry = Enquiry.objects.get()
    assert enquiry.public_reference in body["message"]
    assert enquiry.channel == "chatbot"
    assert enquiry.email == "wanjiru@example.test" and enquiry.name == "Wanjiru"
    assert "Visitor: Which payment methods do you accept?" in enquiry.message
    assert "Visitor: Can I talk to a human please?" in enquiry.message
    conversation = ChatConversation.objects.get()
    assert conversation.status == "escalated" and conversation.enquiry == enquiry
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["wanjiru@example.test", settings.TEAM_NOTIFICATION_EMAIL]
    )
    # Later messages stay with the team: no second enquiry.
    later = chat(api, "Hello again", conversationId=opening["conversationId"]).json()
    assert later["handoff"] is True
    assert Enquiry.objects.count() == 1


def test_two_unanswered_questions_in_a_row_hand_off(api, content):
    first = chat(api, "Quantum zebra lasagne?").json()
    assert first["handoff"] is False and first["recommendations"] == []
    assert Enquiry.objects.count() == 0
    second = chat(api, "Purple volcano umbrellas?", conversationId=first["conversationId"])
    assert second.json()["handoff"] is True
    assert Enquiry.objects.count() == 1
    assert ChatConversation.objects.get().status == "escalated"


def test_an_answer_in_between_resets_the_count(api, content):
    cid = chat(api, "Quantum zebra lasagne?").json()["conversationId"]
    assert chat(api, "Which payment methods?", conversationId=cid).json()["handoff"] is False
    assert chat(api, "Purple volcano umbrellas?", conversationId=cid).json()["handoff"] is False
    assert Enquiry.objects.count() == 0


def test_hand_off_without_an_email_asks_for_one(api, content):
    response = api.post(CHAT, {"message": "I want to speak to someone"}, format="json")
    body = response.json()
    assert body["handoff"] is False
    assert "email" in body["message"].lower()
    assert Enquiry.objects.count() == 0
    assert ChatConversation.objects.get().status == "open"


def test_unknown_conversation_id_starts_a_new_one(api, content):
    body = chat(api, "Which payment methods?", conversationId="not-a-uuid").json()
    assert body["conversationId"] != "not-a-uuid"
    assert ChatConversation.objects.count() == 1


def test_history_by_conversation_id_and_device(api, content):
    a = chat(api, "Which payment methods do you accept?").json()["conversationId"]
    b = chat(api, "Can I talk to a person?").json()["conversationId"]  # same device, escalated
    chat(api, "Hello", deviceFingerprint="someone-else")

    by_device = api.post(HISTORY, {"deviceFingerprint": "device-abc", "limit": 3}, format="json")
    assert by_device.status_code == 200
    body = by_device.json()
    assert set(body) == {"latestConversationId", "conversations"}
    assert body["latestConversationId"] == b
    assert [c["id"] for c in body["conversations"]] == [b, a]
    assert [c["status"] for c in body["conversations"]] == ["escalated", "open"]
    message = body["conversations"][1]["messages"][0]
    assert set(message) == {"id", "sender", "message", "createdAt"}
    assert message["sender"] == "visitor"
    assert message["message"] == "Which payment methods do you accept?"
    assert body["conversations"][1]["messages"][1]["sender"] == "bot"

    by_id = api.post(HISTORY, {"conversationId": a, "limit": 1}, format="json").json()
    assert [c["id"] for c in by_id["conversations"]] == [a]


def test_history_for_a_stranger_is_empty(api, content):
    chat(api, "Which payment methods?")
    body = api.post(HISTORY, {"deviceFingerprint": "nobody"}, format="json").json()
    assert body == {"conversations": []}
    body = api.post(HISTORY, {"conversationId": str(uuid.uuid4())}, format="json").json()
    assert body == {"conversations": []}


def test_validation_and_rate_limit(api, content, settings):
    assert api.post(CHAT, {**VISITOR}, format="json").status_code == 400
    assert chat(api, "x" * 2001).status_code == 400
    assert api.post(HISTORY, {"limit": 50}, format="json").status_code == 400
    cache.clear()  # the refused requests above counted too
    throttle(settings, "chatbot", "2/min")
    assert chat(api, "Which payment methods?").status_code == 200
    assert chat(api, "Which payment methods?").status_code == 200
    blocked = chat(api, "Which payment methods?")
    assert blocked.status_code == 429 and blocked.json()["error"]
    assert ChatMessage.objects.filter(sender="visitor").count() == 2


def test_stale_bearer_does_not_401(api, content):
    api.credentials(HTTP_AUTHORIZATION="Bearer expired")
    assert chat(api, "Which payment methods?").status_code == 200
    assert api.post(HISTORY, {"deviceFingerprint": "device-abc"}, format="json").status_code == 200
