from django.urls import path

from portal import apis

app_name = "portal"

urlpatterns = [
    path("client-portal/request-link", apis.PortalLinkRequestApi.as_view(), name="request-link"),
    path("client-portal/session", apis.PortalSessionApi.as_view(), name="session"),
    path("client-portal/bookings", apis.PortalBookingsApi.as_view(), name="bookings"),
    path(
        "client-portal/projects/<str:project_id>",
        apis.PortalProjectApi.as_view(),
        name="project",
    ),
    path(
        "client-portal/projects/<str:project_id>/comments",
        apis.PortalProjectCommentsApi.as_view(),
        name="project-comments",
    ),
]
