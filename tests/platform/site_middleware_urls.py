from django.http import JsonResponse
from django.urls import include, path


def what_ran(request):
    """Which of the site's middleware touched this request."""
    return JsonResponse(
        {
            "session": hasattr(request, "session"),
            "user": hasattr(request, "user"),
            "messages": hasattr(request, "_messages"),
        }
    )


urlpatterns = [
    path("api/what-ran", what_ran),
    path("pages/what-ran", what_ran),
    path("", include("config.urls")),
]
