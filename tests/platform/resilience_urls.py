from django.db import OperationalError
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class LostDatabaseApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise OperationalError("server closed the connection unexpectedly")


class BugApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise ZeroDivisionError

    def post(self, request):
        return Response({})


def lost_database_page(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [
    path("api/lost-db", LostDatabaseApi.as_view()),
    path("api/bug", BugApi.as_view()),
    path("page", lost_database_page),
]
handler500 = "core.exceptions.handler500"
