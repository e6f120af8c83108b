"""Staff actions in the Wagtail admin: refund a payment, replay a webhook event, run
reconciliation. Each checks its permission and calls one service."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from accounts import audit
from core.exceptions import ApiError
from payments.exceptions import MoneyError
from payments.models import Payment, RefundStatus, WebhookEvent
from payments.money import display, format_major, to_minor
from payments.reconciliation import reconcile_payments
from payments.services import payment_refund
from payments.webhooks import webhook_replay

AUDIT_REPLAY = "angisoft.payment.webhook_replay"


class RefundForm(forms.Form):
    amount = forms.DecimalField(min_value=Decimal("0.001"), max_digits=16, decimal_places=3)
    reason = forms.CharField(max_length=255, required=False)


def refund_payment(request, pk):
    if not request.user.has_perm("payments.refund_payment"):
        raise PermissionDenied
    payment = get_object_or_404(Payment.objects.select_related("booking"), pk=pk)
    pending = sum(r.amount_minor for r in payment.refunds.filter(status=RefundStatus.PENDING))
    available = max(payment.refundable_minor - pending, 0)
    initial = {"amount": format_major(available, payment.currency)}
    form = RefundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            amount_minor = to_minor(form.cleaned_data["amount"], payment.currency)
            refund = payment_refund(
                payment_id=payment.pk,
                amount_minor=amount_minor,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except (MoneyError, InvalidOperation) as exc:
            form.add_error("amount", str(exc))
        except ValidationError as exc:
            for message in exc.message_dict.get("amount", exc.messages):
                form.add_error("amount", message)
        except ApiError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(
                request,
                f"Refund of {display(refund.amount_minor, refund.currency)} requested "
                f"({refund.provider_refund_id}); the payment updates when the provider confirms.",
            )
            return redirect("payment:inspect", payment.pk)
    return TemplateResponse(
        request,
        "payments/admin/refund.html",
        {
            "page_title": "Refund payment",
            "page_subtitle": str(payment),
            "header_icon": "form",
            "payment": payment,
            "available": display(available, payment.currency),
            "form": form,
        },
    )


@require_POST
def replay_webhook(request, pk):
    if not request.user.has_perm("payments.replay_webhookevent"):
        raise PermissionDenied
    event = get_object_or_404(WebhookEvent, pk=pk)
    event = webhook_replay(event_pk=event.pk)
    audit.record(AUDIT_REPLAY, instance=event, request=request, data={"status": event.status})
    if event.status == "FAILED":
        messages.error(request, "The event failed again; see the error below.")
    else:
        messages.success(request, f"Event replayed: {event.get_status_display()}.")
    return redirect("webhookevent:inspect", event.pk)


@require_POST
def run_reconciliation(request):
    if not request.user.has_perm("payments.reconcile_payment"):
        raise PermissionDenied
    run = reconcile_payments()
    messages.success(
        request,
        f"Reconciliation checked {run.checked} payments, repaired {len(run.repaired)}, "
        f"found {len(run.mismatches)} mismatches.",
    )
    return redirect("reconciliationrun:inspect", run.pk)
