"""OpenAPI for the content routes: their responses leave out empty values (`prune`, as the
frontend's defaults apply only to missing keys), so no property of those bodies is required."""

CONTENT_PREFIXES = (
    "/api/services",
    "/api/projects",
    "/api/blogs",
    "/api/testimonials",
    "/api/faqs",
    "/api/staff",
    "/api/site/",
    "/api/company-stats",
    "/api/about-sections",
    "/api/uploads",
    "/api/careers",
    "/api/products",
)


def _refs(node, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def _closure(names: set[str], components: dict) -> set[str]:
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen or name not in components:
            continue
        seen.add(name)
        more: set[str] = set()
        _refs(components[name], more)
        todo.extend(more - seen)
    return seen


def _drop_required(schema) -> None:
    if isinstance(schema, dict):
        schema.pop("required", None)
        for value in schema.values():
            _drop_required(value)
    elif isinstance(schema, list):
        for value in schema:
            _drop_required(value)


def content_keys_optional(result, generator, request, public):
    """drf-spectacular postprocessing hook: content response bodies have no required keys.
    Components also used by a request body elsewhere are left alone."""
    components = result.get("components", {}).get("schemas", {})
    content, requested = set(), set()
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            _refs(operation.get("requestBody", {}), requested)
            if method == "get" and path.startswith(CONTENT_PREFIXES):
                ok = operation.get("responses", {}).get("200", {})
                _drop_required(ok.get("content", {}))
                _refs(ok, content)
    keep = _closure(requested, components)
    for name in _closure(content, components) - keep:
        _drop_required(components[name])
    return result
