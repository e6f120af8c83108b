"""Staff manage client project trackers in the Wagtail admin, by role (accounts.roles)."""

from html.parser import HTMLParser

import pytest
from django.core import mail

from accounts.roles import sync_roles
from bookings.models import BookingStatus
from portal.models import ClientProject, Comment, Milestone
from tests.accounts.factories import make_staff
from tests.bookings.conftest import access_admin_permission
from tests.bookings.factories import BookingFactory, ClientFactory
from tests.portal.conftest import portal_client, project_for, sign_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/client-projects/"


def edit_url(project):
    return f"{INDEX}edit/{project.pk}/"


class _FormFields(HTMLParser):
    """The values a browser would submit from the admin's edit form."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select, self._template = {}, None, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "template":
            self._template += 1
        if tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        if self._template or not name or "__prefix__" in name:
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "checkbox"):
            self.data[name] = a.get("value") or ""
        elif tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.data[name] = "on"
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "template":
            self._template -= 1
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_fields(response) -> dict:
    parser = _FormFields()
    parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return {k: v for k, v in parser.data.items() if k != "q"}  # not the header search box


@pytest.fixture
def roles(db):
    access_admin_permission()  # may have been flushed by a transactional test
    sync_roles()


def signed_in(client, role, **kwargs):
    user = make_staff(role, **kwargs)
    client.force_login(user)
    return user


@pytest.fixture
def projects(db):
    mine = project_for(BookingFactory(title="Assigned shop", status=BookingStatus.IN_PROGRESS))
    other = project_for(
        BookingFactory(title="Someone else's app", status=BookingStatus.IN_PROGRESS)
    )
    return mine, other


def test_marketing_sees_and_edits_every_tracker(client, roles, projects):
    signed_in(client, "marketing")
    page = client.get(INDEX).content.decode()
    assert "Assigned shop" in page and "Someone else&#x27;s app" in page
    for project in projects:
        assert client.get(edit_url(project)).status_code == 200


def test_a_developer_sees_only_trackers_of_bookings_assigned_to_them(client, roles, projects):
    mine, other = projects
    dev = signed_in(client, "developer")
    mine.booking.assigned_to = dev
    mine.booking.save()
    page = client.get(INDEX).content.decode()
    assert "Assigned shop" in page and "Someone else" not in page
    assert client.get(edit_url(mine)).status_code == 200
    assert client.get(edit_url(other)).status_code == 404
    assert client.post(edit_url(other), {"status": "COMPLETED"}).status_code == 404
    # No creating or deleting trackers.
    assert client.get(f"{INDEX}new/").status_code in (302, 403)
    assert client.post(f"{INDEX}delete/{mine.pk}/").status_code in (302, 403)
    assert ClientProject.objects.filter(pk=mine.pk).exists()


def test_a_developer_updates_an_assigned_tracker_and_its_milestones(client, roles, projects):
    mine, _ = projects
    dev = signed_in(client, "developer")
    mine.booking.assigned_to = dev
    mine.booking.save()
    data = form_fields(client.get(edit_url(mine)))
    data.update({"status": "REVIEW", "progress": "80"})
    # The second milestone (Build) is done; a new one is added.
    data["milestones-1-status"] = "COMPLETED"
    total = int(data["milestones-TOTAL_FORMS"])
    data.update(
        {
            "milestones-TOTAL_FORMS": str(total + 1),
            f"milestones-{total}-title": "Launch",
            f"milestones-{total}-description": "Go live",
            f"milestones-{total}-status": "PENDING",
            f"milestones-{total}-ORDER": str(total + 1),
            f"milestones-{total}-id": "",
        }
    )
    response = client.post(edit_url(mine), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    mine.refresh_from_db()
    assert (mine.status, mine.progress) == ("REVIEW", 80)
    assert list(Milestone.objects.filter(project=mine).values_list("title", "status")) == [
        ("Design", "COMPLETED"),
        ("Build", "COMPLETED"),
        ("Launch", "PENDING"),
    ]


def test_progress_over_100_is_refused(client, roles, projects):
    mine, _ = projects
    signed_in(client, "marketing")
    data = form_fields(client.get(edit_url(mine)))
    data["progress"] = "101"
    response = client.post(edit_url(mine), data)
    assert response.status_code == 200  # the form again, with the error
    mine.refresh_from_db()
    assert mine.progress == 0


def test_marketing_creates_a_tracker_for_a_booking_without_one(client, roles, projects):
    signed_in(client, "marketing")
    booking = BookingFactory(title="Early tracker", status=BookingStatus.ACCEPTED)
    form = client.get(f"{INDEX}new/")
    choices = form.content.decode()
    assert "Early tracker" in choices
    assert "Assigned shop" not in choices  # already has a tracker
    data = form_fields(form)
    data.update({"booking": str(booking.pk), "status": "PLANNING", "progress": "0"})
    response = client.post(f"{INDEX}new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ClientProject.objects.get(booking=booking).display_title == "Early tracker"


def test_a_staff_reply_reaches_the_client(client, api, roles, django_capture_on_commit_callbacks):
    customer = ClientFactory(email="dana@example.test", name="Dana")
    booking = BookingFactory(client=customer, status=BookingStatus.IN_PROGRESS)
    project = project_for(booking)
    Comment.objects.create(project=project, author_type="client", body="When is the demo?")
    staff = signed_in(client, "marketing", first_name="Wanjiru")

    page = client.get(edit_url(project))
    assert "When is the demo?" in page.content.decode()
    data = form_fields(page)
    data["reply"] = "Friday at 10:00."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url(project), data).status_code == 302

    reply = Comment.objects.get(author_type="staff")
    assert (reply.body, reply.author) == ("Friday at 10:00.", staff)
    (email,) = [m for m in mail.outbox if m.to == ["dana@example.test"]]
    assert "Friday at 10:00." in email.body
    assert "http://frontend.test/portal/request" in email.body

    portal = portal_client(sign_in(api, "dana@example.test"))
    comments = portal.get(f"/api/client-portal/projects/{project.pk}").json()["project"]["comments"]
    assert [(c["body"], c["author"], c["authorName"]) for c in comments] == [
        ("Friday at 10:00.", "staff", "Wanjiru"),
        ("When is the demo?", "client", "You"),
    ]
