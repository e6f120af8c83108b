"""Per-item fragment cache for page lists and details.

A request that misses the response cache (another filter, a search, a page of results, a
detail) does not serialise every item again: each item's final JSON is cached under its
page id, live revision and publish time, the output format (serializer, image sizes,
public URLs) and the fragment generation. Such a request costs one light query for the
ids (plus the count when paginated), one cache multi-get, and full serialisation only for
the items not found.

The generation covers what a fragment borrows from outside its own page. cms.signals
bumps it on every change except a publish that keeps how other pages link to the page
(title, slug, type): that publish only changes the page's own key, so the other items of
a list stay cached."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from rest_framework.settings import api_settings

from cms.api.cache import fragment_generation
from cms.api.resolver import Resolver
from cms.api.site import prune
from cms.images import IMAGE_SIZES
from cms.richtext import RICH_TEXT_IMAGE_SIZES

_STAMP = ("pk", "live_revision_id", "last_published_at")
_IDENTITY_KEY = "cms:frag:identity:{}"
# The API's own renderer (camelCase at the edge): a fragment is a piece of a response.
_renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]()


def stamps(qs):
    """(id, live revision, published at) of the items, in the list's order: one light query."""
    return qs.prefetch_related(None).values_list(*_STAMP)


def _stamp(page):
    return page.pk, page.live_revision_id, page.last_published_at


def _format(serializer_class) -> str:
    """Anything outside the content that shapes a fragment: a deploy or a settings change
    that alters it gets new keys."""
    text = repr(
        (
            serializer_class.__module__,
            serializer_class.__qualname__,
            IMAGE_SIZES,
            RICH_TEXT_IMAGE_SIZES,
            settings.FRONTEND_URL,
            settings.BACKEND_URL,
        )
    )
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def _key(generation, fmt, stamp) -> str:
    pk, revision, published = stamp
    published = published.timestamp() if published else ""
    return f"cms:frag:{generation}:{fmt}:{pk}:{revision}:{published}"


def render(request, qs, rows, serializer_class) -> list[bytes]:
    """The JSON of each item in `rows` (from `stamps(qs)`), in order. Items not cached are
    loaded from `qs` and serialised together, with the bulk lookups of the resolver."""
    generation = fragment_generation()
    fmt = _format(serializer_class)
    keys = [_key(generation, fmt, row) for row in rows]
    found = cache.get_many(keys) if generation is not None and keys else {}
    missing = [row[0] for row, key in zip(rows, keys, strict=True) if key not in found]
    fresh = {}
    if missing:
        objects = list(qs.filter(pk__in=missing))
        resolver = Resolver()
        data = serializer_class(
            objects, many=True, context={"resolver": resolver, "request": request}
        ).data
        data = resolver.resolve(data)
        for obj, item in zip(objects, data, strict=True):
            fresh[obj.pk] = _renderer.render(prune(item))
        if generation is not None:
            # Keyed by what was loaded: if the page was republished between the two
            # queries, the fragment still sits under the revision it shows.
            cache.set_many(
                {_key(generation, fmt, _stamp(obj)): fresh[obj.pk] for obj in objects},
                timeout=settings.CMS_API_CACHE_SECONDS,
            )
    parts = []
    for row, key in zip(rows, keys, strict=True):
        part = found.get(key) or fresh.get(row[0])
        if part is not None:  # None: unpublished between the two queries
            parts.append(part)
    return parts


def _identity(page) -> str:
    return f"{page.content_type_id}:{page.slug}:{page.title}"


def publish_changes_links(page) -> bool:
    """Whether other pages' fragments may show this page differently after its publish
    (a link's URL, a page chooser's title): true unless its identity is known unchanged."""
    return cache.get(_IDENTITY_KEY.format(page.pk)) != _identity(page)


def remember_identity(page) -> None:
    cache.set(_IDENTITY_KEY.format(page.pk), _identity(page), timeout=None)


def forget_identity(page_id) -> None:
    cache.delete(_IDENTITY_KEY.format(page_id))
