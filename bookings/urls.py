from django.urls import path

from bookings import apis, tracking_apis

app_name = "bookings"

urlpatterns = [
    path("bookings", apis.BookingsApi.as_view(), name="bookings"),
    path("bookings/my", tracking_apis.MyBookingsApi.as_view(), name="my"),
    path(
        "bookings/reference/<str:reference>",
        tracking_apis.BookingTrackingApi.as_view(),
        name="tracking",
    ),
    path(
        "bookings/reference/<str:reference>/actions",
        tracking_apis.BookingTrackingActionApi.as_view(),
        name="tracking-actions",
    ),
    path(
        "bookings/reference/<str:reference>/messages",
        tracking_apis.BookingTrackingMessagesApi.as_view(),
        name="tracking-messages",
    ),
    path(
        "bookings/reference/<str:reference>/files",
        tracking_apis.BookingTrackingFilesApi.as_view(),
        name="tracking-files",
    ),
    path(
        "bookings/files/<str:signed>", apis.BookingFileDownloadApi.as_view(), name="file-download"
    ),
    path("bookings/<int:booking_id>", apis.BookingDetailApi.as_view(), name="detail"),
    path("bookings/<int:booking_id>/review", apis.BookingReviewApi.as_view(), name="review"),
    path(
        "bookings/<int:booking_id>/transitions",
        apis.BookingTransitionApi.as_view(),
        name="transitions",
    ),
    path("bookings/<int:booking_id>/notes", apis.BookingNotesApi.as_view(), name="notes"),
    path("bookings/<int:booking_id>/assign", apis.BookingAssignApi.as_view(), name="assign"),
]
