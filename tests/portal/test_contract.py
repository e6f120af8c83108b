"""The portal responses the frontend reads (FRONTEND.md §8), with exact keys, and the
rule that a client sees only their own bookings and projects."""

import pytest
from django.core import mail

from portal.models import Activity, ClientProject, Comment
from tests.factories import UserFactory
from tests.portal.conftest import portal_client, sign_in

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/client-portal/bookings"
BOOKING_KEYS = {
    "id",
    "title",
    "description",
    "status",
    "clientProject",
    "publicReference",
    "createdAt",
    "documents",  # issued tax documents (tests/portal/test_documents.py)
}
PROJECT_KEYS = {
    "id",
    "publicReference",
    "title",
    "description",
    "status",
    "progress",
    "milestones",
    "activities",
    "comments",
    "deliverables",
    "updatedAt",
}


def project_url(project_id, suffix=""):
    return f"/api/client-portal/projects/{project_id}{suffix}"


@pytest.fixture
def alice_portal(api, alice):
    return portal_client(sign_in(api, "alice@example.test"))


def test_bookings_list_shape(alice_portal, alice):
    response = alice_portal.get(BOOKINGS)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"bookings"}  # no {ok, data} envelope here
    logo, shop = sorted(body["bookings"], key=lambda b: b["title"])
    for item in (logo, shop):
        assert set(item) == BOOKING_KEYS
        assert isinstance(item["status"], str) and item["status"]
        assert isinstance(item["id"], str)
    assert logo["status"] == "SUBMITTED"
    assert logo["clientProject"] is None
    project = ClientProject.objects.get(booking__title="Shop")
    assert shop["status"] == "DEPOSIT_PAID"
    assert shop["clientProject"] == {"id": str(project.pk), "status": "ACTIVE", "progress": 40}
    assert isinstance(shop["clientProject"]["progress"], int)


def test_project_shape(alice_portal, alice):
    project = ClientProject.objects.get(booking__title="Shop")
    Activity.objects.create(project=project, message="Wireframes shared")
    Comment.objects.create(project=project, author_type="client", body="Looks good")
    response = alice_portal.get(project_url(project.pk))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"project"}
    data = body["project"]
    assert set(data) == PROJECT_KEYS
    # An empty title and description fall back to the booking's.
    assert data["title"] == "Shop"
    assert data["description"] == project.booking.description
    assert (data["status"], data["progress"]) == ("ACTIVE", 40)
    assert [m["title"] for m in data["milestones"]] == ["Design", "Build"]
    for milestone in data["milestones"]:
        assert set(milestone) == {"id", "title", "description", "status"}
    assert [m["status"] for m in data["milestones"]] == ["COMPLETED", "IN_PROGRESS"]
    (deliverable,) = data["deliverables"]
    assert deliverable == {
        "id": deliverable["id"],
        "title": "Sitemap",
        "description": "PDF",
        "status": "DELIVERED",
    }
    (activity,) = data["activities"]
    assert set(activity) == {"id", "message", "createdAt"}
    assert activity["message"] == "Wireframes shared"
    (comment,) = data["comments"]
    assert set(comment) == {"id", "body", "createdAt", "author", "authorName"}
    assert (comment["body"], comment["author"]) == ("Looks good", "client")


def test_staff_titles_override_the_booking(alice_portal):
    project = ClientProject.objects.get(booking__title="Shop")
    project.title, project.description = "Online shop v1", "Catalogue and checkout"
    project.save()
    data = alice_portal.get(project_url(project.pk)).json()["project"]
    assert (data["title"], data["description"]) == ("Online shop v1", "Catalogue and checkout")


def test_a_client_sees_only_their_own_bookings(api, alice, bob):
    bob_portal = portal_client(sign_in(api, "bob@example.test"))
    titles = [b["title"] for b in bob_portal.get(BOOKINGS).json()["bookings"]]
    assert titles == ["Bob's app"]


@pytest.mark.parametrize("project_id", ["bob", "999999", "abc", "1" * 30])
def test_another_clients_project_is_not_found(alice_portal, bob, project_id):
    if project_id == "bob":
        project_id = ClientProject.objects.get(booking__client=bob).pk
    for response in (
        alice_portal.get(project_url(project_id)),
        alice_portal.post(project_url(project_id, "/comments"), {"body": "hi"}, format="json"),
    ):
        assert response.status_code == 404
        assert response.json() == {"error": "We could not find that project.", "code": "not_found"}
    assert not Comment.objects.exists()


def test_bookings_are_matched_by_the_clients_email_whatever_its_case(api, alice):
    # A booking made later through the public form with another spelling of the address
    # belongs to the same client.
    form = {
        "name": "Alice",
        "email": "ALICE@Example.Test",
        "title": "Report",
        "description": "Annual report",
        "projectType": "REPORT",
    }
    assert api.post("/api/bookings", form, format="multipart").status_code == 201
    portal = portal_client(sign_in(api, "Alice@EXAMPLE.test"))
    titles = {b["title"] for b in portal.get(BOOKINGS).json()["bookings"]}
    assert titles == {"Shop", "Logo", "Report"}


def test_client_comment_is_stored_shown_and_emailed_to_the_team(alice_portal, settings):
    project = ClientProject.objects.get(booking__title="Shop")
    mail.outbox.clear()
    response = alice_portal.post(
        project_url(project.pk, "/comments"), {"body": "  Can we add M-Pesa?  "}, format="json"
    )
    assert response.status_code == 201
    comment = response.json()["comment"]
    assert comment["body"] == "Can we add M-Pesa?"
    assert comment["author"] == "client"
    shown = alice_portal.get(project_url(project.pk)).json()["project"]["comments"]
    assert [c["body"] for c in shown] == ["Can we add M-Pesa?"]
    (message,) = mail.outbox
    assert message.to == [settings.TEAM_NOTIFICATION_EMAIL]
    assert "Can we add M-Pesa?" in message.body
    assert f"/admin/client-projects/edit/{project.pk}/" in message.body


def test_client_comment_emails_the_assignee_when_there_is_one(alice_portal):
    project = ClientProject.objects.get(booking__title="Shop")
    dev = UserFactory(email="dev@angisoft.test")
    project.booking.assigned_to = dev
    project.booking.save()
    mail.outbox.clear()
    alice_portal.post(project_url(project.pk, "/comments"), {"body": "Hello"}, format="json")
    assert [m.to for m in mail.outbox] == [["dev@angisoft.test"]]


@pytest.mark.parametrize("body", [{}, {"body": ""}, {"body": "   "}, {"body": "x" * 5001}])
def test_bad_comments_are_refused(alice_portal, body):
    project = ClientProject.objects.get(booking__title="Shop")
    response = alice_portal.post(project_url(project.pk, "/comments"), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "body" in response.json()["fields"]
    assert not Comment.objects.exists()


def test_comments_are_rate_limited_per_client(alice_portal, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "portal_comment": "2/hour"},
    }
    project = ClientProject.objects.get(booking__title="Shop")
    url = project_url(project.pk, "/comments")
    assert alice_portal.post(url, {"body": "one"}, format="json").status_code == 201
    assert alice_portal.post(url, {"body": "two"}, format="json").status_code == 201
    refused = alice_portal.post(url, {"body": "three"}, format="json")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert Comment.objects.count() == 2


def test_portal_answers_cross_origin_preflight(api):
    response = api.options(
        BOOKINGS,
        HTTP_ORIGIN="http://frontend.test",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "http://frontend.test"
