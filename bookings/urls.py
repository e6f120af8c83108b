from django.urls import path

from bookings.apis import intake, staff, tracking

app_name = "bookings"

urlpatterns = [
    path("bookings", intake.BookingsApi.as_view(), name="bookings"),
    path("bookings/my", tracking.MyBookingsApi.as_view(), name="my"),
    path(
        "bookings/reference/<str:reference>",
        tracking.BookingTrackingApi.as_view(),
        name="tracking",
    ),
    path(
        "bookings/reference/<str:reference>/actions",
        tracking.BookingTrackingActionApi.as_view(),
        name="tracking-actions",
    ),
    path(
        "bookings/reference/<str:reference>/messages",
        tracking.BookingTrackingMessagesApi.as_view(),
        name="tracking-messages",
    ),
    path(
        "bookings/reference/<str:reference>/files",
        tracking.BookingTrackingFilesApi.as_view(),
        name="tracking-files",
    ),
    path(
        "bookings/files/<str:signed>", staff.BookingFileDownloadApi.as_view(), name="file-download"
    ),
    path("bookings/<int:booking_id>", staff.BookingDetailApi.as_view(), name="detail"),
    path("bookings/<int:booking_id>/review", staff.BookingReviewApi.as_view(), name="review"),
    path(
        "bookings/<int:booking_id>/transitions",
        staff.BookingTransitionApi.as_view(),
        name="transitions",
    ),
    path("bookings/<int:booking_id>/notes", staff.BookingNotesApi.as_view(), name="notes"),
    path("bookings/<int:booking_id>/assign", staff.BookingAssignApi.as_view(), name="assign"),
]
