"""The public contact forms: the /contact page (POST /api/contact-enquiries) and the home
page's "Get in touch" (POST /api/contacts). Both land in the one staff inbox."""

from __future__ import annotations

import logging
import time

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from core.request import client_ip
from core.validators import EmailAddressField
from enquiries.apis.common import PublicApi, TrimmedCharField, validated
from enquiries.exceptions import SubmissionRejected
from enquiries.models import EnquirySource, EnquiryType, ResponseMethod
from enquiries.services.enquiries import enquiry_create
from enquiries.throttles import EnquiryThrottle

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "company"
# A person needs longer than this to fill the contact form; scripts post at once.
MIN_FILL_SECONDS = 3
# At least 7 digits, written with the separators people use (the page checks the same).
PHONE_PATTERN = r"^(?=(?:\D*\d){7})[+0-9 ().\-/]{7,32}$"
PHONE_ERRORS = {"invalid": "Enter a valid phone number with at least 7 digits."}


class CreatedSerializer(serializers.Serializer):
    class Meta:
        ref_name = "EnquiryCreated"

    class Data(serializers.Serializer):
        class Meta:
            ref_name = "EnquiryCreatedData"

        class Enquiry(serializers.Serializer):
            class Meta:
                ref_name = "EnquiryCreatedEnquiry"

            public_reference = serializers.CharField()

        enquiry = Enquiry()

    ok = serializers.BooleanField()
    data = Data()


def _created(enquiry) -> Response:
    body = CreatedSerializer({"ok": True, "data": {"enquiry": enquiry}}).data
    return Response(body, status=status.HTTP_201_CREATED)


class ContactEnquiryApi(PublicApi):
    throttle_classes = [EnquiryThrottle]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ContactEnquiryInput"

        name = TrimmedCharField(min_length=2, max_length=200)
        email = EmailAddressField()
        phone = serializers.RegexField(
            PHONE_PATTERN, required=False, allow_blank=True, error_messages=PHONE_ERRORS
        )
        preferred_response_method = serializers.ChoiceField(
            choices=ResponseMethod.choices, default=ResponseMethod.EMAIL
        )
        enquiry_type = serializers.ChoiceField(choices=EnquiryType.choices)
        subject = TrimmedCharField(min_length=3, max_length=200)
        message = TrimmedCharField(min_length=10, max_length=5000)
        booking_reference = serializers.RegexField(
            r"^[A-Za-z0-9-]{1,40}$",
            required=False,
            allow_blank=True,
            error_messages={"invalid": "Use letters, digits and dashes only."},
        )
        preferred_contact_time = TrimmedCharField(max_length=200, required=False, allow_blank=True)
        organisation = TrimmedCharField(max_length=200, required=False, allow_blank=True)
        company = serializers.CharField(
            required=False, allow_blank=True, trim_whitespace=False, help_text="Leave empty."
        )
        form_started_at = serializers.IntegerField(
            required=False, allow_null=True, help_text="Epoch milliseconds the form opened."
        )
        source = TrimmedCharField(max_length=100, required=False, allow_blank=True)
        source_path = TrimmedCharField(max_length=500, required=False, allow_blank=True)
        service_slug = serializers.SlugField(max_length=200, required=False, allow_blank=True)
        product_slug = serializers.SlugField(max_length=200, required=False, allow_blank=True)

        def validate(self, attrs):
            method = attrs.get("preferred_response_method")
            if method in (ResponseMethod.PHONE, ResponseMethod.WHATSAPP) and not attrs.get("phone"):
                label = ResponseMethod(method).label
                raise serializers.ValidationError(
                    {"phone": [f"Enter a phone number so we can reply by {label}."]}
                )
            return attrs

    @extend_schema(
        operation_id="contact_enquiries_create",
        summary="Send an enquiry from the contact page",
        description=(
            "Stored in the staff inbox, acknowledged to the sender and notified to the team. "
            "`company` is a honeypot (must be empty); a form sent back within "
            f"{MIN_FILL_SECONDS} s of `formStartedAt` is refused. Rate-limited per IP."
        ),
        request=InputSerializer,
        responses={201: CreatedSerializer},
    )
    def post(self, request):
        data = request.data if hasattr(request.data, "get") else {}
        if str(data.get(HONEYPOT_FIELD) or "").strip():
            logger.warning("Enquiry honeypot filled from %s", client_ip(request))
            raise SubmissionRejected()
        v = validated(self.InputSerializer, data)
        started = v.get("form_started_at")
        if started is not None and 0 <= time.time() * 1000 - started < MIN_FILL_SECONDS * 1000:
            # Only a non-negative gap counts: a visitor whose clock runs ahead of ours
            # must not be refused.
            logger.warning("Enquiry sent too fast from %s", client_ip(request))
            raise SubmissionRejected()
        enquiry = enquiry_create(
            name=v["name"],
            email=v["email"].lower(),
            phone=v.get("phone", "").strip(),
            organisation=v.get("organisation", ""),
            enquiry_type=v["enquiry_type"],
            preferred_response=v["preferred_response_method"],
            preferred_contact_time=v.get("preferred_contact_time", ""),
            subject=v["subject"],
            message=v["message"],
            booking_reference=v.get("booking_reference", "").upper(),
            service_slug=v.get("service_slug", ""),
            product_slug=v.get("product_slug", ""),
            source=v.get("source") or EnquirySource.CONTACT_PAGE,
            source_path=v.get("source_path", ""),
            channel=EnquirySource.CONTACT_PAGE,
            ip=client_ip(request),
        )
        return _created(enquiry)


PREFERRED_COMMUNICATION = {
    "Email": ResponseMethod.EMAIL,
    "WhatsApp": ResponseMethod.WHATSAPP,
    "Phone": ResponseMethod.PHONE,
}


class HomeContactApi(PublicApi):
    throttle_classes = [EnquiryThrottle]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "HomeContactInput"

        name = TrimmedCharField(max_length=200)
        company = TrimmedCharField(
            max_length=200, required=False, allow_blank=True, help_text="The organisation."
        )
        email = EmailAddressField()
        phone = serializers.RegexField(
            PHONE_PATTERN, required=False, allow_blank=True, error_messages=PHONE_ERRORS
        )
        message = TrimmedCharField(min_length=10, max_length=5000)
        preferred_communication = serializers.ChoiceField(
            choices=list(PREFERRED_COMMUNICATION), default="Email"
        )
        nda_requested = serializers.BooleanField(default=False)

    @extend_schema(
        operation_id="contacts_create",
        summary="Send a message from the home page's Get in touch form",
        description="Stored in the same staff inbox as contact-page enquiries. Rate-limited.",
        request=InputSerializer,
        responses={201: CreatedSerializer},
    )
    def post(self, request):
        v = validated(self.InputSerializer, request.data)
        first_line = v["message"].splitlines()[0]
        subject = first_line if len(first_line) <= 80 else f"{first_line[:77]}..."
        enquiry = enquiry_create(
            name=v["name"],
            email=v["email"].lower(),
            phone=v.get("phone", "").strip(),
            organisation=v.get("company", ""),
            enquiry_type=EnquiryType.GENERAL,
            preferred_response=PREFERRED_COMMUNICATION[v["preferred_communication"]],
            subject=subject,
            message=v["message"],
            nda_requested=v["nda_requested"],
            source=EnquirySource.HOME_CONTACT,
            source_path="/",
            channel=EnquirySource.HOME_CONTACT,
            ip=client_ip(request),
        )
        return _created(enquiry)
