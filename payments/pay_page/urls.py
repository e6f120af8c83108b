from django.urls import path

from payments.pay_page import views

app_name = "pay"

urlpatterns = [
    path("<str:reference>", views.pay_page, name="page"),
    path("<str:reference>/mpesa/<uuid:payment_id>", views.mpesa_status, name="mpesa-status"),
]
