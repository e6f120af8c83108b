"""The staff inbox in the Wagtail admin, per role: list, filters, search, status, assignee,
reply by email, CSV export, audit trail; and the newsletter subscribers list."""

import csv
import io

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from core.models import OutboxEmail
from enquiries.models import Enquiry, EnquiryReply, EnquiryStatus, NewsletterSubscriber
from tests.accounts.factories import make_staff
from tests.enquiries.conftest import enquiry_body, home_body

pytestmark = pytest.mark.django_db

INDEX = "/admin/enquiries/"


def inspect(enquiry):
    return f"/admin/enquiries/inspect/{enquiry.pk}/"


@pytest.fixture
def enquiries(api):
    api.post("/api/contact-enquiries", enquiry_body(), format="json")
    api.post(
        "/api/contacts",
        home_body(email="finance@bigco.test", message="=HYPERLINK(1) Quote for our app"),
        format="json",
    )
    mail.outbox.clear()
    return Enquiry.objects.get(channel="contact-page"), Enquiry.objects.get(channel="home-contact")


def signed_in(client, role):
    user = make_staff(role)
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.parametrize("role", ["admin", "marketing"])
def test_admin_and_marketing_work_the_inbox(client, enquiries, role):
    contact, home = enquiries
    signed_in(client, role)
    page = client.get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    assert contact.public_reference in html and home.public_reference in html
    assert '"url": "/admin/enquiries/"' in html  # the sidebar menu item
    assert client.get(inspect(contact)).status_code == 200
    assert client.get("/admin/newsletter/subscribers/").status_code == 200


def test_developers_do_not_see_the_inbox(client, enquiries):
    contact, _ = enquiries
    signed_in(client, "developer")
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(inspect(contact)).status_code in (302, 403)
    assert client.get(INDEX, {"export": "csv"}).status_code in (302, 403)
    assert client.get("/admin/newsletter/subscribers/").status_code in (302, 403)
    for action, data in [
        ("transition", {"to_status": "closed"}),
        ("assign", {"assigned_to": client.user.pk}),
        ("reply", {"body": "Hello"}),
    ]:
        response = client.post(f"/admin/enquiries/{action}/{contact.pk}/", data)
        # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
        assert response.status_code in (302, 403), action
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    contact.refresh_from_db()
    assert contact.status == EnquiryStatus.NEW and contact.assigned_to is None
    assert EnquiryReply.objects.count() == 0
    assert '"url": "/admin/enquiries/"' not in client.get("/admin/").content.decode()


def test_anonymous_is_sent_to_login(client, enquiries):
    response = client.get(INDEX)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_filters_and_search(client, enquiries):
    contact, home = enquiries
    signed_in(client, "marketing")
    html = client.get(INDEX, {"channel": "home-contact"}).content.decode()
    assert home.public_reference in html and contact.public_reference not in html
    html = client.get(INDEX, {"q": "bigco"}).content.decode()
    assert home.public_reference in html and contact.public_reference not in html
    html = client.get(INDEX, {"q": contact.public_reference}).content.decode()
    assert contact.public_reference in html and home.public_reference not in html
    html = client.get(INDEX, {"enquiry_type": "service"}).content.decode()
    assert contact.public_reference in html and home.public_reference not in html
    Enquiry.objects.filter(pk=home.pk).update(status=EnquiryStatus.CLOSED)
    html = client.get(INDEX, {"status": "closed"}).content.decode()
    assert home.public_reference in html and contact.public_reference not in html
    # No generic add / edit / delete: enquiries come from the public forms.
    assert client.get("/admin/enquiries/new/").status_code == 404
    assert client.get(f"/admin/enquiries/edit/{contact.pk}/").status_code == 404
    assert client.get(f"/admin/enquiries/delete/{contact.pk}/").status_code == 404


def test_status_moves_follow_the_map_and_are_audited(client, enquiries):
    contact, _ = enquiries
    signed_in(client, "marketing")
    html = client.get(inspect(contact)).content.decode()
    assert 'value="in_progress"' in html and 'value="closed"' in html

    client.post(f"/admin/enquiries/transition/{contact.pk}/", {"to_status": "in_progress"})
    contact.refresh_from_db()
    assert contact.status == EnquiryStatus.IN_PROGRESS
    client.post(f"/admin/enquiries/transition/{contact.pk}/", {"to_status": "closed"})
    contact.refresh_from_db()
    assert contact.status == EnquiryStatus.CLOSED
    # Closed -> answered is not in the map: refused with the allowed moves named.
    response = client.post(
        f"/admin/enquiries/transition/{contact.pk}/", {"to_status": "answered"}, follow=True
    )
    contact.refresh_from_db()
    assert contact.status == EnquiryStatus.CLOSED
    assert "Allowed next steps: in_progress" in response.content.decode()
    moves = ModelLogEntry.objects.filter(action="angisoft.enquiry.transition")
    assert [(e.data["from"], e.data["to"]) for e in moves.order_by("timestamp", "id")] == [
        ("new", "in_progress"),
        ("in_progress", "closed"),
    ]
    assert all(e.user_id == client.user.pk for e in moves)
    history = client.get(f"/admin/enquiries/history/{contact.pk}/")
    assert history.status_code == 200
    assert "Enquiry status changed" in history.content.decode()


def test_assign(client, enquiries):
    contact, _ = enquiries
    signed_in(client, "marketing")
    colleague = make_staff("admin", first_name="Grace", last_name="Hopper")
    client.post(f"/admin/enquiries/assign/{contact.pk}/", {"assigned_to": colleague.pk})
    contact.refresh_from_db()
    assert contact.assigned_to == colleague
    assert ModelLogEntry.objects.filter(action="angisoft.enquiry.assign").count() == 1
    html = client.get(INDEX, {"assigned_to": colleague.pk}).content.decode()
    assert contact.public_reference in html
    client.post(f"/admin/enquiries/assign/{contact.pk}/", {"assigned_to": ""})
    contact.refresh_from_db()
    assert contact.assigned_to is None


def test_reply_by_email_from_the_admin(client, enquiries, django_capture_on_commit_callbacks):
    contact, _ = enquiries
    signed_in(client, "marketing")
    html = client.get(inspect(contact)).content.decode()
    assert 'data-testid="reply-form"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/enquiries/reply/{contact.pk}/",
            {"subject": "", "body": "Thanks Amina, we can start next week."},
            follow=True,
        )
    assert "Reply sent to amina@example.test" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["amina@example.test"]
    assert message.subject == f"Re: A new booking site [{contact.public_reference}]"
    assert "we can start next week" in message.body
    assert "clinic with M-Pesa" in message.body  # the original message is quoted
    reply = EnquiryReply.objects.get()
    assert reply.author == client.user and reply.outbox_email.status == OutboxEmail.Status.SENT
    contact.refresh_from_db()
    assert contact.status == EnquiryStatus.ANSWERED
    assert ModelLogEntry.objects.filter(action="angisoft.enquiry.reply").count() == 1
    assert "we can start next week" in client.get(inspect(contact)).content.decode()


def test_an_empty_reply_or_a_closed_enquiry_sends_nothing(client, enquiries):
    contact, _ = enquiries
    signed_in(client, "admin")
    queued = OutboxEmail.objects.count()  # the acknowledgements of the fixture's forms
    response = client.post(f"/admin/enquiries/reply/{contact.pk}/", {"body": " "}, follow=True)
    assert "The reply was not sent" in response.content.decode()
    Enquiry.objects.filter(pk=contact.pk).update(status=EnquiryStatus.CLOSED)
    client.post(f"/admin/enquiries/reply/{contact.pk}/", {"body": "Hello there"})
    assert EnquiryReply.objects.count() == 0 and OutboxEmail.objects.count() == queued
    assert 'data-testid="reply-form"' not in client.get(inspect(contact)).content.decode()


def test_csv_export_defuses_formulas(client, enquiries):
    contact, home = enquiries
    signed_in(client, "marketing")
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "enquiries.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_reference = {row["Public reference"]: row for row in rows}
    assert set(by_reference) == {contact.public_reference, home.public_reference}
    assert by_reference[contact.public_reference]["Email"] == "amina@example.test"
    assert by_reference[home.public_reference]["Message"].startswith("'=HYPERLINK")
    filtered = client.get(INDEX, {"export": "csv", "channel": "contact-page"})
    text = b"".join(filtered.streaming_content).decode()
    assert contact.public_reference in text and home.public_reference not in text


def test_subscribers_list_and_export(client, api):
    api.post("/api/newsletter/subscribe", {"email": "reader@example.test"}, format="json")
    api.post("/api/newsletter/subscribe", {"email": "other@example.test"}, format="json")
    NewsletterSubscriber.objects.filter(email="other@example.test").update(status="confirmed")
    signed_in(client, "marketing")
    html = client.get("/admin/newsletter/subscribers/", {"status": "confirmed"}).content.decode()
    assert "other@example.test" in html and "reader@example.test" not in html
    response = client.get("/admin/newsletter/subscribers/", {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {(r["Email"], r["Status"]) for r in rows} == {
        ("reader@example.test", "pending"),
        ("other@example.test", "confirmed"),
    }
    assert "token" not in "".join(rows[0].keys()).lower()
    assert client.get("/admin/newsletter/subscribers/new/").status_code == 404
