"""Legacy `Subscriber` rows -> enquiries.NewsletterSubscriber. Addresses differing only in
case become one subscriber; if any of them unsubscribed, the merged one is unsubscribed
(an opt-out is never undone by an import)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from enquiries.models import NewsletterSubscriber, SubscriberStatus
from enquiries.services.newsletter import new_nonce
from legacy.runner import SkipRow, TableImporter, aware


def _status(row) -> str:
    if row["unsubscribedAt"]:
        return SubscriberStatus.UNSUBSCRIBED
    return SubscriberStatus.CONFIRMED if row["confirmed"] else SubscriberStatus.PENDING


RANK = [SubscriberStatus.PENDING, SubscriberStatus.CONFIRMED, SubscriberStatus.UNSUBSCRIBED]


class SubscriberImporter(TableImporter):
    table = "Subscriber"
    columns = ["id", "email", "confirmed", "subscribedAt", "confirmedAt", "unsubscribedAt"]
    model = NewsletterSubscriber

    def prepare(self, rows):
        self.merged: dict[str, dict] = {}
        for row in rows:
            email = (row["email"] or "").strip().lower()
            if email in self.merged:
                self.ctx.report.note(f"Subscriber {row['id']} merged with another ({email})")
                best = self.merged[email]
                if RANK.index(_status(row)) > RANK.index(_status(best)):
                    self.merged[email] = row
            else:
                self.merged[email] = row

    def apply(self, row, existing):
        email = (row["email"] or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise SkipRow(f"invalid email {row['email']!r}") from exc
        source = self.merged.get(email, row)  # the row whose state wins for this address
        subscriber = existing or NewsletterSubscriber.objects.filter(email__iexact=email).first()
        if subscriber is None:
            subscriber = NewsletterSubscriber(email=email)
            new_nonce(subscriber)  # fresh unsubscribe token; the old uuid is not reused
        subscriber.status = _status(source)
        subscriber.confirmed_at = aware(source["confirmedAt"])
        subscriber.unsubscribed_at = aware(source["unsubscribedAt"])
        subscriber.save()
        if source["subscribedAt"]:
            NewsletterSubscriber.objects.filter(pk=subscriber.pk).update(
                created_at=aware(source["subscribedAt"])
            )
        return subscriber
