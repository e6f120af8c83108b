"""Response headers that middleware add to every response, written to Django's header store
(ResponseHeaders._store: lowercase name -> (name, value)) directly. Setting a header through
Django validates and encodes it on each response; these values were validated once (a
block) or are ours to trust (an id we made or fullmatched, a length we counted). The one
module that touches the store."""

from django.http.response import ResponseHeaders


def header_block(headers: dict[str, str]) -> tuple:
    """Headers validated and encoded by Django once, as (lowercase name, (name, value))."""
    return tuple(ResponseHeaders(headers)._store.items())


def add_missing(response, block) -> None:
    """Adds each header of a block that the response does not have yet (a view's or an inner
    middleware's own value wins)."""
    store = response.headers._store
    for key, item in block:
        if key not in store:
            store[key] = item


def has_header(response, name: str) -> bool:
    return name.lower() in response.headers._store


def set_trusted(response, name: str, value: str) -> None:
    """Sets a header whose value the caller made or checked: no newline, ASCII."""
    response.headers._store[name.lower()] = (name, value)
