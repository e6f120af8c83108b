"""The server-rendered deposit payment page a client opens from an emailed link:
`/pay/<REF>?token=<tracking token>`. It shows what is due, offers the providers configured
here, and starts payments through `payments.services.payment_create`, the same path as
the API. Nothing in here decides money or status; it reads selectors and calls services.
"""
