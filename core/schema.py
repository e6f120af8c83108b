import copy


def only_project_api(endpoints):
    """The OpenAPI schema documents our /api/ routes; Wagtail's admin and v2 APIs document
    themselves elsewhere and are not part of the frontend contract."""
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith("/api/") and not path.startswith("/api/v2/")
    ]


ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error shape of the API.",
    "properties": {
        "error": {"type": "string", "description": "A sentence to show a person."},
        "code": {"type": "string", "description": "A stable machine-readable code."},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["error", "code"],
}
ERROR_ANSWERS = {
    "400": "The request could not be read or is invalid.",
    "401": "Not signed in, or the sign-in is invalid or has expired.",
    "403": "Signed in without the permission this needs.",
    "404": "Not found.",
    "405": "This method is not allowed here.",
    "409": "Conflicts with the current state.",
    "429": "Too many requests; see Retry-After.",
}
WRITE_METHODS = ("post", "put", "patch", "delete")


def document_error_answers(result, generator, request, public):
    """Every operation lists the error answers it can give, in the Error shape: bad input,
    unknown ids, rate limits and unknown methods anywhere; 401/403 where a sign-in is
    required; 409 on writes. A view's own description of a code wins."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "404", "405", "429"]
            if any(operation.get("security", [])):
                codes += ["401", "403"]
            if method in WRITE_METHODS:
                codes.append("409")
            for code in codes:
                answer = operation["responses"].setdefault(
                    code, {"description": ERROR_ANSWERS[code]}
                )
                answer.setdefault("content", copy.deepcopy(reference))
    return result
