"""Legacy `ContactEnquiry` rows -> enquiries.Enquiry.

Legacy references (`ANG-YYYY-XXXXXX`, letters and digits) are kept verbatim so replies
quoting them still match; ours are `ENQ-YYYY-NNNNN`, so neither our enquiry counter nor
the booking counter (`ANG-YYYY-NNNNN`, digits only) can be moved by them."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from enquiries.models import Enquiry, EnquiryStatus, EnquiryType, ResponseMethod
from legacy.runner import SkipRow, TableImporter, aware

User = get_user_model()

STATUS = {
    "new": EnquiryStatus.NEW,
    "acknowledged": EnquiryStatus.NEW,
    "in_review": EnquiryStatus.IN_PROGRESS,
    "awaiting_customer": EnquiryStatus.IN_PROGRESS,
    "responded": EnquiryStatus.ANSWERED,
    "converted_to_booking": EnquiryStatus.ANSWERED,
    "closed": EnquiryStatus.CLOSED,
    "spam": EnquiryStatus.CLOSED,
}


class EnquiryImporter(TableImporter):
    table = "ContactEnquiry"
    columns = [
        "id", "publicReference", "name", "email", "phone", "preferredResponseMethod",
        "enquiryType", "subject", "message", "bookingReference", "organisation", "source",
        "sourcePath", "status", "assigneeId", "createdAt",
    ]  # fmt: skip
    model = Enquiry

    def apply(self, row, existing):
        email = (row["email"] or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise SkipRow(f"invalid email {row['email']!r}") from exc
        status = STATUS.get((row["status"] or "new").strip().lower())
        if status is None:
            raise SkipRow(f"unknown status {row['status']!r}")
        reference = (row["publicReference"] or "").strip().upper()
        if not reference or len(reference) > 20:
            raise SkipRow(f"unusable reference {row['publicReference']!r}")
        kind = (row["enquiryType"] or "general").strip().lower()
        method = (row["preferredResponseMethod"] or "email").strip().lower()
        enquiry = existing or Enquiry(public_reference=reference)
        enquiry.status = status
        enquiry.name = (row["name"] or "")[:200] or email
        enquiry.email = email
        enquiry.phone = (row["phone"] or "")[:32]
        enquiry.organisation = (row["organisation"] or "")[:200]
        enquiry.enquiry_type = kind if kind in EnquiryType.values else EnquiryType.GENERAL
        enquiry.preferred_response = (
            method if method in ResponseMethod.values else ResponseMethod.EMAIL
        )
        enquiry.subject = (row["subject"] or "")[:200] or "(no subject)"
        enquiry.message = row["message"] or ""
        enquiry.booking_reference = (row["bookingReference"] or "")[:40]
        enquiry.source = (row["source"] or "")[:100]
        enquiry.source_path = (row["sourcePath"] or "")[:500]
        enquiry.assigned_to = self.ctx.target("Employee", row["assigneeId"], User)
        enquiry.save()
        if row["createdAt"]:
            Enquiry.objects.filter(pk=enquiry.pk).update(created_at=aware(row["createdAt"]))
        return enquiry
