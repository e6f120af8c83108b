import re

import pytest
from django.core import mail

from bookings.models import BookingStatus
from portal.models import ClientProject, Deliverable, Milestone
from tests.bookings.conftest import CommitAPIClient
from tests.bookings.factories import BookingFactory, ClientFactory

LINK = re.compile(r"http://frontend\.test/portal/access\?token=([A-Za-z0-9_\-]+)")


def request_link(api, email):
    return api.post("/api/client-portal/request-link", {"email": email}, format="json")


def link_token_from(message) -> str:
    (token,) = set(LINK.findall(message.body))
    assert LINK.search(message.alternatives[0][0])  # the HTML part carries the link too
    return token


def last_link_token(email) -> str:
    email = email.strip().lower()
    sent = [m for m in mail.outbox if email in m.to and "portal link" in m.subject]
    assert sent, f"no portal link was emailed to {email}"
    return link_token_from(sent[-1])


def sign_in(api, email) -> str:
    """The whole sign-in as the frontend does it: request, read the email, exchange."""
    assert request_link(api, email).status_code == 202
    token = last_link_token(email)
    response = api.post("/api/client-portal/session", {"token": token}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["accessToken"]


def portal_client(access_token) -> CommitAPIClient:
    client = CommitAPIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    return client


def project_for(booking, **kwargs) -> ClientProject:
    project = ClientProject.objects.create(booking=booking, **kwargs)
    Milestone.objects.create(
        project=project, sort_order=0, title="Design", description="Wireframes", status="COMPLETED"
    )
    Milestone.objects.create(project=project, sort_order=1, title="Build", status="IN_PROGRESS")
    Deliverable.objects.create(
        project=project, sort_order=0, title="Sitemap", description="PDF", status="DELIVERED"
    )
    return project


@pytest.fixture
def api():
    return CommitAPIClient()


@pytest.fixture
def alice(db):
    """A client with two bookings, one of them paid and tracked."""
    client = ClientFactory(email="alice@example.test", name="Alice")
    paid = BookingFactory(client=client, title="Shop", status=BookingStatus.DEPOSIT_PAID)
    BookingFactory(client=client, title="Logo", status=BookingStatus.SUBMITTED)
    project_for(paid, status="ACTIVE", progress=40)
    return client


@pytest.fixture
def bob(db):
    client = ClientFactory(email="bob@example.test", name="Bob")
    booking = BookingFactory(client=client, title="Bob's app", status=BookingStatus.IN_PROGRESS)
    project_for(booking, progress=10)
    return client
