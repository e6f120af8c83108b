from django.urls import path

from invoicing import apis

app_name = "invoicing"

urlpatterns = [
    path(
        "invoicing/documents/<str:signed>",
        apis.DocumentDownloadApi.as_view(),
        name="document-download",
    ),
]
