from django.core.management.base import BaseCommand

from payments.reconciliation import reconcile_payments


class Command(BaseCommand):
    help = (
        "Compare recent provider records (Stripe sessions, pending M-Pesa and PayPal "
        "attempts) with ours, repair missed successes and refunds once, and list mismatches."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="How far back to look.")

    def handle(self, *args, days=None, **options):
        run = reconcile_payments(days=days)
        self.stdout.write(
            f"Checked {run.checked} payments: repaired {len(run.repaired)}, "
            f"{len(run.mismatches)} mismatches, {len(run.errors)} errors (run {run.pk})."
        )
        for item in run.repaired:
            what = (
                f"refund {', '.join(item['refunds'])} of " if item.get("kind") == "refund" else ""
            )
            self.stdout.write(
                f"  repaired {what}{item['provider']} {item['reference']}: {item['now']}"
            )
        for item in run.mismatches:
            self.stdout.write(f"  mismatch {item['kind']}: {item}")
        for item in run.errors:
            self.stdout.write(self.style.WARNING(f"  error: {item}"))
