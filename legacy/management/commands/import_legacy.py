"""Import the original Express + Prisma database (read-only) into this project."""

from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from legacy.importers.bookings import BookingImporter
from legacy.importers.catalog import (
    BlogCategoryImporter,
    CompanyStatImporter,
    JobPostingImporter,
    ServiceCategoryImporter,
    StaffProfileImporter,
)
from legacy.importers.clients import ClientImporter
from legacy.importers.content import FaqImporter, TestimonialImporter
from legacy.importers.enquiries import EnquiryImporter
from legacy.importers.files import FileImporter
from legacy.importers.history import BookingEventImporter, NoteImporter
from legacy.importers.pages import (
    BlogPostImporter,
    ProductImporter,
    ProjectImporter,
    ServiceImporter,
)
from legacy.importers.payments import PaymentImporter, paid_sums
from legacy.importers.site import (
    AboutSectionImporter,
    IndustryImporter,
    SettingImporter,
    SolutionImporter,
)
from legacy.importers.staff import EmployeeImporter
from legacy.importers.subscribers import SubscriberImporter
from legacy.report import Report
from legacy.runner import BATCH_SIZE, Context
from legacy.source import LegacySource

# Dependency order: each table only points at tables before it. Keys are what --only
# takes and what the report lists (a legacy table, or "Employee:profile").
IMPORTERS = {
    "Employee": EmployeeImporter,
    "Employee:profile": StaffProfileImporter,
    "Client": ClientImporter,
    "Booking": BookingImporter,
    "BookingEvent": BookingEventImporter,
    "Note": NoteImporter,
    "File": FileImporter,
    "Payment": PaymentImporter,
    "Testimonial": TestimonialImporter,
    "Faq": FaqImporter,
    "Subscriber": SubscriberImporter,
    "ContactEnquiry": EnquiryImporter,
    "ServiceCategory": ServiceCategoryImporter,
    "Service": ServiceImporter,
    "Project": ProjectImporter,
    "BlogCategory": BlogCategoryImporter,
    "BlogPost": BlogPostImporter,
    "Product": ProductImporter,
    "CompanyStat": CompanyStatImporter,
    "JobPosting": JobPostingImporter,
    "Setting": SettingImporter,
    "AboutSection": AboutSectionImporter,
    "Industry": IndustryImporter,
    "Solution": SolutionImporter,
}


class Command(BaseCommand):
    help = "Import the legacy Express + Prisma database (read-only) into this project."

    def add_arguments(self, parser):
        parser.add_argument("--database-url", required=True, help="postgres://... (read-only)")
        parser.add_argument("--files-root", help="Folder holding the legacy uploads.")
        parser.add_argument("--dry-run", action="store_true", help="Roll everything back.")
        parser.add_argument(
            "--send-invites",
            action="store_true",
            help="Email imported staff an invitation to set a password.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Rows per transaction (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--only", help=f"Comma-separated legacy tables, from: {', '.join(IMPORTERS)}."
        )

    def handle(self, *args, database_url, files_root, dry_run, only, send_invites, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        tables = list(IMPORTERS)
        if only:
            tables = [t.strip() for t in only.split(",") if t.strip()]
            unknown = [t for t in tables if t not in IMPORTERS]
            if unknown:
                raise CommandError(f"Unknown table(s): {', '.join(unknown)}.")
        try:
            source = LegacySource.connect(database_url)
        except Exception as exc:
            raise CommandError(f"Cannot open the legacy database: {exc}") from exc
        report = Report()
        ctx = Context(
            source,
            report,
            dry_run=dry_run,
            files_root=files_root,
            batch_size=options["batch_size"],
        )
        try:
            # Only a dry run is one transaction; a real run commits batch by batch so an
            # interrupted run keeps its progress.
            with transaction.atomic() if dry_run else nullcontext():
                for table in IMPORTERS:  # always in dependency order
                    if table in tables:
                        extra = {"send_invites": send_invites} if table == "Employee" else {}
                        IMPORTERS[table](ctx, **extra).run()
                paid_sums(ctx)
                read = {importer.table for importer in IMPORTERS.values()}
                read |= {"EmployeeRoleAssignment", "AppRole", "_prisma_migrations"}
                ignored = sorted(set(source.columns) - read)
                if ignored:
                    report.note(f"legacy tables this command does not import: {', '.join(ignored)}")
                if dry_run:
                    transaction.set_rollback(True)
        finally:
            source.close()
        for line in report.lines(dry_run=dry_run):
            self.stdout.write(line)
        if "Payment" in tables and not report.paid_sums_match:
            raise CommandError("Paid amounts differ between the legacy database and ours.")
