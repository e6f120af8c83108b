"""The API's settings: Django REST framework, camelCase at the edges and the OpenAPI schema.
Star-imported by base.py, where the apps' sections add their throttles, authentication
and enum names."""

from config.env import env

REST_FRAMEWORK = {
    # camelCase at the edges: serializers use Python names, JSON and form bodies camelCase.
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "djangorestframework_camel_case.parser.CamelCaseJSONParser",
        "djangorestframework_camel_case.parser.CamelCaseMultiPartParser",
        "djangorestframework_camel_case.parser.CamelCaseFormParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": env("THROTTLE_LOGIN", default="10/min"),
        "login_account": env("THROTTLE_LOGIN_ACCOUNT", default="5/min"),
        "invite_accept": env("THROTTLE_INVITE_ACCEPT", default="10/min"),
        "password_reset": env("THROTTLE_PASSWORD_RESET", default="5/min"),
        "bookings": env("THROTTLE_BOOKINGS", default="10/hour"),
        "tracking": env("THROTTLE_TRACKING", default="120/min"),
        "booking_links": env("THROTTLE_BOOKING_LINKS", default="20/hour"),
        "payments": env("THROTTLE_PAYMENTS", default="20/min"),
        # Per source address, before verification: providers stay far below it.
        "webhooks": env("THROTTLE_WEBHOOKS", default="600/min"),
        "enquiries": env("THROTTLE_ENQUIRIES", default="10/hour"),
        "newsletter": env("THROTTLE_NEWSLETTER", default="10/hour"),
        "newsletter_address": env("THROTTLE_NEWSLETTER_ADDRESS", default="3/hour"),
        "newsletter_links": env("THROTTLE_NEWSLETTER_LINKS", default="60/min"),
        "chatbot": env("THROTTLE_CHATBOT", default="30/min"),
        "pay_page": env("THROTTLE_PAY_PAGE", default="60/min"),
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
JSON_CAMEL_CASE = {
    "JSON_UNDERSCOREIZE": {
        # addressLine1 <-> address_line1, not address_line_1.
        "no_underscore_before_number": True,
        # Free-form JSON kept exactly as sent or stored: the booking form's details,
        # editors' content. Their inner keys are data, not field names.
        "ignore_fields": ("details", "content"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AngiSoft Platform API",
    "DESCRIPTION": "Content, staff, bookings and payments for the AngiSoft frontend.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "PREPROCESSING_HOOKS": ["core.schema.only_project_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "core.schema.document_error_answers",
        "cms.api.schema.content_keys_optional",
    ],
}
