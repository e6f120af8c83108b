"""Booking timelines and notes, staff profiles, stats and jobs; absent tables; and an
import interrupted mid-batch that resumes with nothing lost or duplicated."""

from datetime import datetime

import pytest

from bookings.models import BookingEvent, BookingNote
from cms.models import CompanyStat, Faq, JobPosting, StaffProfile
from legacy.importers.content import FaqImporter
from legacy.models import LegacyRecord
from tests.legacy.test_import import mapped, run

pytestmark = pytest.mark.django_db


def test_booking_events_and_notes(legacy):
    staff = legacy.employee(firstName="Brian")
    client = legacy.client()
    booking = legacy.booking(client, 9)
    submitted = legacy.row(
        "BookingEvent", bookingId=booking, type="booking_submitted", title="Booking received",
        status="SUBMITTED", actorType="client", createdAt=datetime(2026, 4, 2, 10, 0),
    )  # fmt: skip
    internal = legacy.row(
        "BookingEvent", bookingId=booking, type="quotation_drafted", title="Quote drafted",
        visibility="internal", actorType="staff", actorId=staff,
    )  # fmt: skip
    note = legacy.row("Note", bookingId=booking, authorId=staff, text="Call after 5pm")
    orphan = legacy.row("Note", bookingId=booking, text="  ")

    out = run(legacy, "--only", "Employee,Client,Booking,BookingEvent,Note")

    event = mapped("BookingEvent", submitted, BookingEvent)
    assert (event.type, event.to_status, event.actor_type, event.visible_to_customer) == (
        "SUBMITTED", "SUBMITTED", "client", True
    )  # fmt: skip
    assert event.created_at.isoformat().startswith("2026-04-02T10:00")
    hidden = mapped("BookingEvent", internal, BookingEvent)
    assert (hidden.type, hidden.visible_to_customer, hidden.actor.first_name) == (
        "MESSAGE", False, "Brian"
    )  # fmt: skip
    assert "type 'quotation_drafted' kept as message" in out
    n = mapped("Note", note, BookingNote)
    assert (n.body, n.author.first_name, n.booking.public_reference) == (
        "Call after 5pm", "Brian", "ANG-2026-00009"
    )  # fmt: skip
    assert f"skipped Note {orphan}: empty note" in out

    legacy.execute('DROP TABLE "BookingEvent"')
    out = run(legacy, "--only", "BookingEvent,Note")
    assert "absent table (not in the legacy database): BookingEvent" in out
    assert BookingEvent.objects.filter(pk=event.pk).exists()  # nothing removed here


def test_staff_profiles_stats_and_jobs(legacy):
    avatar = legacy.upload_image("angela.png")
    public = legacy.employee(
        firstName="Angela", lastName="Njeri", username="angela", publicTitle="Lead Engineer",
        bio="Builds things.", avatarUrl=avatar, skills=["Django", "React"],
        githubUrl="https://github.com/angela", department="Engineering",
    )  # fmt: skip
    private = legacy.employee(firstName="Pat", profileVisibility="PRIVATE")
    legacy.row("CompanyStat", label="Projects", value=120, suffix="+", valueType="count")
    hidden_stat = legacy.row("CompanyStat", label="Secret", value=1, published=False)
    job = legacy.row(
        "JobPosting", title="Backend Engineer", slug="backend-engineer", status="OPEN",
        department="Engineering", employmentType="Full-Time", workplaceType="Remote",
        description="<p>Build APIs.</p>", requirements=["Python"], salaryMin=100000,
        salaryMax=200000, benefits=["Medical"],
    )  # fmt: skip
    draft_job = legacy.row("JobPosting", title="Designer", slug="designer", description="Draw")

    out = run(legacy, "--only", "Employee,Employee:profile,CompanyStat,JobPosting")

    profile = mapped("Employee:profile", public, StaffProfile)
    assert (profile.username, profile.public_title, profile.is_public) == (
        "angela", "Lead Engineer", True
    )  # fmt: skip
    assert [s.value for s in profile.skills] == ["Django", "React"]
    assert profile.avatar is not None and profile.github_url == "https://github.com/angela"
    assert mapped("Employee:profile", private, StaffProfile).is_public is False
    stat = CompanyStat.objects.get()
    assert (stat.label, stat.value, stat.suffix, stat.value_type) == (
        "Projects",
        "120",
        "+",
        "count",
    )
    assert f"skipped CompanyStat {hidden_stat}: unpublished" in out
    posting = mapped("JobPosting", job, JobPosting)
    assert posting.live and posting.status == JobPosting.Status.PUBLISHED
    assert (posting.employment_type, posting.workplace_type) == ("FULL_TIME", "REMOTE")
    assert posting.description == "Build APIs." and posting.salary_max == 200000
    assert "benefits are page-wide here" in out
    assert mapped("JobPosting", draft_job, JobPosting).live is False

    out = run(legacy, "--only", "Employee,Employee:profile,CompanyStat,JobPosting")
    assert StaffProfile.objects.count() == 2 and JobPosting.objects.count() == 2
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    assert lines["Employee:profile"] == ["2", "2", "0", "0", "2", "0"]


def test_interrupted_mid_batch_resumes_with_nothing_lost_or_duplicated(legacy, monkeypatch):
    ids = sorted(legacy.faq(question=f"Question {n}?", order=n) for n in range(5))
    first_batch = [
        legacy.execute('SELECT question FROM "Faq" WHERE id = %s', (i,)).fetchone()[0]
        for i in ids[:2]
    ]  # rows are read in id order
    real_apply = FaqImporter.apply
    crash = {"on": ids[3], "with": KeyboardInterrupt}

    def apply(self, row, existing):
        if row["id"] == crash["on"]:
            raise crash["with"]("boom")
        return real_apply(self, row, existing)

    monkeypatch.setattr(FaqImporter, "apply", apply)

    # The process dies inside the second batch: the first batch is committed, the
    # second (rows 2 and 3) rolled back whole.
    with pytest.raises(KeyboardInterrupt):
        run(legacy, "--only", "Faq", "--batch-size", "2")
    assert sorted(Faq.objects.values_list("question", flat=True)) == sorted(first_batch)
    assert LegacyRecord.objects.filter(source_table="Faq").count() == 2

    # A row that raises an ordinary error is reported; the rest of its batch goes on.
    crash["with"] = RuntimeError
    out = run(legacy, "--only", "Faq", "--batch-size", "2")
    assert f"skipped Faq {ids[3]}: RuntimeError: boom" in out
    assert Faq.objects.count() == 4

    crash["on"] = None
    out = run(legacy, "--only", "Faq", "--batch-size", "2")
    assert Faq.objects.count() == 5
    assert LegacyRecord.objects.filter(source_table="Faq").count() == 5
    assert sorted(Faq.objects.values_list("sort_order", flat=True)) == [0, 1, 2, 3, 4]
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    assert lines["Faq"] == ["5", "5", "1", "0", "4", "0"]
