def only_project_api(endpoints):
    """The OpenAPI schema documents our /api/ routes; Wagtail's admin and v2 APIs document
    themselves elsewhere and are not part of the frontend contract."""
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith("/api/") and not path.startswith("/api/v2/")
    ]
