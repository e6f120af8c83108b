"""Reads: what the chatbot knows (FAQs and services from the CMS) and chat history."""

from __future__ import annotations

import re
import uuid

from django.db.models import Q

from cms.api.selectors import services_list
from cms.models import Faq, ServicePage
from enquiries.models import ChatConversation

MAX_FAQS_SCANNED = 500
MAX_RECOMMENDATIONS = 3

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS_TEXT = """a about an and any are as at be can could do does for from get have how i if
in is it me my of on or our please so than that the their them there this to us was we what when
where which who why will with would you your hi hello hey thanks thank"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def keywords(text: str) -> list[str]:
    """The words of a visitor's message worth searching for, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if len(word) > 1 and word not in _STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def _stem(word: str) -> str:
    # Enough for "prices"/"price", "apps"/"app", "hosting"/"host": the CMS texts are short.
    for suffix in ("ing", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def best_faq(words: list[str]) -> Faq | None:
    """The FAQ sharing the most keywords with the message (a question word counts double);
    at least two shared words, or one when the message has only one."""
    if not words:
        return None
    wanted = {_stem(word) for word in words}
    best, best_score = None, 0
    for faq in Faq.objects.all()[:MAX_FAQS_SCANNED]:
        question = {_stem(w) for w in _WORD.findall(faq.question.lower())}
        answer = {_stem(w) for w in _WORD.findall(faq.answer.lower())}
        score = 2 * len(wanted & question) + len(wanted & answer - question)
        if score > best_score:
            best, best_score = faq, score
    needed = 2 if len(wanted) > 1 else 1
    return best if best_score >= needed else None


def matching_services(words: list[str]) -> list[ServicePage]:
    """Published services matching any keyword, best first (Wagtail full-text search)."""
    if not words:
        return []
    hits = ServicePage.objects.live().search(" ".join(words), operator="or")
    ids = [page.pk for page in hits[: MAX_RECOMMENDATIONS * 3]]
    if not ids:
        # Full-text search misses word forms on backends without stemming (SQLite in
        # development): fall back to stems in titles and summaries.
        stems = Q()
        for stem in {_stem(word) for word in words if len(word) > 3}:
            stems |= Q(title__icontains=stem) | Q(summary__icontains=stem)
        if not stems:
            return []
        ids = list(services_list().filter(stems).values_list("pk", flat=True)[:MAX_RECOMMENDATIONS])
    visible = {page.pk: page for page in services_list().filter(pk__in=ids)}
    return [visible[pk] for pk in ids if pk in visible][:MAX_RECOMMENDATIONS]


def conversation_by_public_id(value) -> ChatConversation | None:
    try:
        public_id = uuid.UUID(str(value))
    except ValueError:
        return None
    return ChatConversation.objects.filter(public_id=public_id).first()


def chat_history(*, conversation_id=None, device_fingerprint="", limit=3) -> list:
    """The visitor's latest conversations, newest first: the one named by its id, plus
    others from the same device."""
    found: list[ChatConversation] = []
    if conversation_id:
        conversation = conversation_by_public_id(conversation_id)
        if conversation is not None:
            found.append(conversation)
    if device_fingerprint and len(found) < limit:
        others = ChatConversation.objects.filter(device_fingerprint=device_fingerprint).exclude(
            pk__in=[c.pk for c in found]
        )
        found.extend(others.order_by("-updated_at", "-id")[: limit - len(found)])
    found.sort(key=lambda c: (c.updated_at, c.pk), reverse=True)
    ids = [c.pk for c in found]
    return list(
        ChatConversation.objects.filter(pk__in=ids)
        .prefetch_related("messages")
        .order_by("-updated_at", "-id")
    )
