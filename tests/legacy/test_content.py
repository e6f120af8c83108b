"""Testimonials and FAQs from the legacy tables."""

import pytest

from cms.models import snippets
from tests.legacy.test_import import mapped, run

pytestmark = pytest.mark.django_db


def test_testimonials_and_faqs(legacy):
    approved = legacy.testimonial(confirmed=True, featured=True, rating=9)
    rejected = legacy.testimonial(name="Spam", rejected=True, imageUrl="/uploads/x.png")
    pending = legacy.testimonial(name="New", rating=None)
    faq = legacy.faq(order=3)
    hidden = legacy.faq(question="Old?", published=False)

    out = run(legacy, "--only", "Testimonial,Faq")
    run(legacy, "--only", "Testimonial,Faq")  # idempotent

    t = mapped("Testimonial", approved, snippets.Testimonial)
    assert (t.status, t.featured, t.rating, t.name) == ("approved", True, 5, "Jane Mwangi")
    assert mapped("Testimonial", rejected, snippets.Testimonial).status == "rejected"
    assert mapped("Testimonial", pending, snippets.Testimonial).status == "pending"
    assert f"Testimonial {rejected}: image /uploads/x.png not copied" in out
    f = mapped("Faq", faq, snippets.Faq)
    assert (f.question, f.answer, f.category, f.sort_order) == (
        "How do I pay?", "By card, M-Pesa or PayPal.", "Payments", 3
    )  # fmt: skip
    assert f"skipped Faq {hidden}: unpublished" in out
    assert snippets.Testimonial.objects.count() == 3 and snippets.Faq.objects.count() == 1


def test_subscribers_merge_case_and_keep_opt_outs(legacy):
    from datetime import datetime

    from enquiries.models import NewsletterSubscriber

    confirmed = legacy.subscriber("Reader@Example.test", confirmed=True)
    opted_out = legacy.subscriber(
        "reader@example.test", confirmed=True, unsubscribedAt=datetime(2026, 6, 1)
    )
    pending = legacy.subscriber("new@example.test")

    out = run(legacy, "--only", "Subscriber")

    merged = mapped("Subscriber", confirmed, NewsletterSubscriber)
    assert mapped("Subscriber", opted_out, NewsletterSubscriber) == merged
    assert (merged.email, merged.status) == ("reader@example.test", "unsubscribed")
    assert merged.unsubscribe_token_hash and merged.unsubscribe_nonce
    assert mapped("Subscriber", pending, NewsletterSubscriber).status == "pending"
    assert NewsletterSubscriber.objects.count() == 2
    assert "merged with another (reader@example.test)" in out


def test_enquiries_keep_their_references_and_leave_counters_alone(legacy):
    from bookings.models import ReferenceCounter
    from enquiries.models import Enquiry, EnquiryCounter

    answered = legacy.enquiry("ANG-2026-A1B2C3", bookingReference="ANG-2026-00007")
    spam = legacy.enquiry("ANG-2026-99999Z", status="spam", enquiryType="weird")

    out = run(legacy, "--only", "ContactEnquiry")

    e = mapped("ContactEnquiry", answered, Enquiry)
    assert (e.public_reference, e.status, e.enquiry_type, e.email) == (
        "ANG-2026-A1B2C3", "answered", "pricing", "eve@example.test"
    )  # fmt: skip
    assert e.booking_reference == "ANG-2026-00007"
    s = mapped("ContactEnquiry", spam, Enquiry)
    assert (s.status, s.enquiry_type) == ("closed", "general")
    assert not ReferenceCounter.objects.exists() and not EnquiryCounter.objects.exists()
    assert "ContactEnquiry" in out
