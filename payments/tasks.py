"""Huey tasks: each fetches ids and calls a service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from payments import services
from payments.gateways.mpesa.reconciliation import query_pending
from payments.reconciliation import reconcile_payments


@db_periodic_task(crontab(minute="*/2"))
def query_pending_mpesa_payments():
    """STK pushes whose callback never came (or could not be confirmed) are settled by
    asking the STK Query API."""
    return query_pending()


@db_task(retries=3, retry_delay=60)
def refresh_payment(payment_id: str):
    return services.payment_refresh(payment_id=payment_id, source="task").status


@db_periodic_task(crontab(hour="2", minute="30"))
def reconcile_payments_daily():
    return reconcile_payments().pk
