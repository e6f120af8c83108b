from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self):
        from bookings import hooks
        from payments import checks  # noqa: F401  (registers the provider budget check)
        from payments.pay_page.links import pay_url
        from payments.selectors import settled_payments_for_booking

        # bookings shows payments without importing payments (which depends on bookings).
        hooks.register(settled_payments=settled_payments_for_booking, pay_url=pay_url)
