"""Payments (payments/): provider keys, base URLs and webhook secrets, all from the
environment. Empty keys leave that provider switched off (creating a payment answers 502
"not configured"; its webhook answers 400). Base URLs are settings so tests can point the
real clients at local fake servers. Star-imported by base.py."""

from config.env import env

# Each provider HTTP call's connect and read timeout. Timeouts x retries x calls per
# request must stay under half of WORKER_TIMEOUT_SECONDS (system check payments.E001).
PAYMENTS_HTTP_TIMEOUT = env.float("PAYMENTS_HTTP_TIMEOUT", default=5.0)
# gunicorn's worker timeout; config/gunicorn.conf.py reads the same variable.
WORKER_TIMEOUT_SECONDS = env.int("GUNICORN_TIMEOUT", default=60)
PAYMENTS_RECONCILE_DAYS = env.int("PAYMENTS_RECONCILE_DAYS", default=3)
# The /pay/<REF> page's M-Pesa status view refreshes itself this long, then says so.
PAY_PAGE_MPESA_WAIT_SECONDS = env.int("PAY_PAGE_MPESA_WAIT_SECONDS", default=180)
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=1)
STRIPE_CHECKOUT_EXPIRY_MINUTES = env.int("STRIPE_CHECKOUT_EXPIRY_MINUTES", default=60)
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
# Refused (unverified) webhook deliveries kept for staff, newest first, as short summaries.
WEBHOOK_INVALID_KEEP = env.int("WEBHOOK_INVALID_KEEP", default=1000)
# Stored deliveries are processed by a Huey task; an event still RECEIVED (its task was
# lost) or FAILED with "retry later" this long after it arrived is queued again by the
# periodic sweep, up to WEBHOOK_MAX_ATTEMPTS processing attempts.
WEBHOOK_SWEEP_GRACE_SECONDS = env.int("WEBHOOK_SWEEP_GRACE_SECONDS", default=300)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=10)
MPESA_BASE_URL = env("MPESA_BASE_URL", default="https://sandbox.safaricom.co.ke")
MPESA_CONSUMER_KEY = env("MPESA_CONSUMER_KEY", default="")
MPESA_CONSUMER_SECRET = env("MPESA_CONSUMER_SECRET", default="")
MPESA_SHORTCODE = env("MPESA_SHORTCODE", default="")
MPESA_PASSKEY = env("MPESA_PASSKEY", default="")
MPESA_TRANSACTION_TYPE = env("MPESA_TRANSACTION_TYPE", default="CustomerPayBillOnline")
# The callback URL's secret path segment; Safaricom does not sign callbacks.
MPESA_CALLBACK_SECRET = env("MPESA_CALLBACK_SECRET", default="")
# Public base of the callback URL when it differs from BACKEND_URL (empty: BACKEND_URL).
MPESA_CALLBACK_BASE_URL = env("MPESA_CALLBACK_BASE_URL", default="")
# Optional source check: callbacks from other addresses are refused (empty: no check).
MPESA_ALLOWED_IPS = env.list("MPESA_ALLOWED_IPS", default=[])
# Pending STK pushes older than this are confirmed with the STK Query API.
MPESA_QUERY_AFTER_SECONDS = env.int("MPESA_QUERY_AFTER_SECONDS", default=60)
# Refunds (Daraja Reversal and B2C APIs): the API operator's user name and password, and
# the path of Safaricom's public certificate (sandbox or production) that encrypts that
# password into the SecurityCredential. Empty: M-Pesa refunds are refused as not configured.
MPESA_INITIATOR_NAME = env("MPESA_INITIATOR_NAME", default="")
MPESA_INITIATOR_PASSWORD = env("MPESA_INITIATOR_PASSWORD", default="")
MPESA_CERTIFICATE_PATH = env("MPESA_CERTIFICATE_PATH", default="")
# Partial refunds are B2C payments to the client's phone from this shortcode (a reversal
# only returns a whole payment). Empty: partial M-Pesa refunds are refused.
MPESA_B2C_SHORTCODE = env("MPESA_B2C_SHORTCODE", default="")
# Reconciliation lists M-Pesa refunds still unconfirmed after this long (Daraja has no
# query for them: staff check the M-Pesa portal).
MPESA_REFUND_CONFIRM_MINUTES = env.int("MPESA_REFUND_CONFIRM_MINUTES", default=60)
PAYPAL_BASE_URL = env("PAYPAL_BASE_URL", default="https://api-m.sandbox.paypal.com")
PAYPAL_CLIENT_ID = env("PAYPAL_CLIENT_ID", default="")
PAYPAL_CLIENT_SECRET = env("PAYPAL_CLIENT_SECRET", default="")
PAYPAL_WEBHOOK_ID = env("PAYPAL_WEBHOOK_ID", default="")
