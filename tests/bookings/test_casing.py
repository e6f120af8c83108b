"""camelCase at the edges, through HTTP: the frontend's camelCase names reach the Python
serializers and come back camelCase, while the booking form's free-form `details` keep
their keys exactly as the client wrote them, in both body formats."""

import json

import pytest

from bookings.models import Booking
from tests.bookings.conftest import api_for, staff_with
from tests.bookings.test_intake import URL, form

pytestmark = pytest.mark.django_db

# Keys that a camel-case converter would rewrite if it looked inside `details`.
DETAILS = {
    "target_audience": "students",
    "pageCount": 5,
    "line_1": {"nested_key": ["keep_me"], "HTTPHeader": True},
    "vat2024": None,
}


@pytest.mark.parametrize("body_format", ["multipart", "json"])
def test_details_keep_their_inner_keys_in_and_out(api, body_format):
    details = json.dumps(DETAILS) if body_format == "multipart" else DETAILS
    response = api.post(
        URL,
        form(details=details, sourcePath="/pricing", requestType="quote"),
        format=body_format,
    )
    assert response.status_code == 201, response.json()
    assert set(response.json()) == {"bookingId", "booking", "trackingPath", "trackingToken"}
    booking = Booking.objects.get()
    assert booking.details == DETAILS
    assert (booking.project_type, booking.source_path, booking.request_type) == (
        "SOFTWARE",
        "/pricing",
        "quote",
    )

    staff = api_for(staff_with("view_booking"))
    detail = staff.get(f"{URL}/{booking.pk}").json()
    assert detail["details"] == DETAILS
    assert detail["sourcePath"] == "/pricing"
    assert "source_path" not in detail


def test_field_errors_are_named_as_the_frontend_sends_them(api):
    response = api.post(
        URL, form(projectType="NOPE", sourcePath="x" * 501, budgetAmount="lots"), format="json"
    )
    assert response.status_code == 400
    assert {"projectType", "sourcePath", "budgetAmount"} <= set(response.json()["fields"])


def test_staff_review_reads_camel_case_json(reviewer_api):
    response = reviewer_api.post(URL, form(), format="multipart")
    booking = Booking.objects.get()
    response = reviewer_api.post(
        f"{URL}/{booking.pk}/review",
        {"action": "accept", "quotedAmount": "1000.00", "depositAmount": "250.00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["quotedAmount"], body["depositAmount"]) == ("1000.00", "250.00")
    booking.refresh_from_db()
    assert (booking.quoted_amount, booking.deposit_amount) == (1000, 250)
