"""Opt-in pagination that keeps the body a plain JSON array (the frontend's API contract): with
?page= or ?pageSize= the list is sliced and X-Total-Count / Link headers describe it."""

from django.core.paginator import InvalidPage, Paginator
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class HeaderPagination(BasePagination):
    page_query_param = "page"
    page_size_query_param = "pageSize"
    default_page_size = 20
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        if self.page_query_param not in params and self.page_size_query_param not in params:
            self.page = None
            return None  # not asked for: the whole (bounded) list
        try:
            size = int(params.get(self.page_size_query_param, self.default_page_size))
            number = int(params.get(self.page_query_param, 1))
        except ValueError as exc:
            raise NotFound("Page and pageSize must be whole numbers.") from exc
        size = max(1, min(size, self.max_page_size))
        paginator = Paginator(queryset, size)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound("That page does not exist.") from exc
        self.request = request
        return list(self.page)

    def get_paginated_response(self, data):
        response = Response(data)
        if self.page is None:
            return response
        response["X-Total-Count"] = str(self.page.paginator.count)
        links = []
        url = self.request.build_absolute_uri()
        size = self.page.paginator.per_page
        url = replace_query_param(url, self.page_size_query_param, size)
        if self.page.has_previous():
            prev = replace_query_param(url, self.page_query_param, self.page.previous_page_number())
            links.append(f'<{prev}>; rel="prev"')
        if self.page.has_next():
            nxt = replace_query_param(url, self.page_query_param, self.page.next_page_number())
            links.append(f'<{nxt}>; rel="next"')
        first = replace_query_param(url, self.page_query_param, 1)
        last = replace_query_param(url, self.page_query_param, self.page.paginator.num_pages)
        links += [f'<{first}>; rel="first"', f'<{last}>; rel="last"']
        response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        return schema

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1},
                "description": "Page number (opt-in pagination; adds X-Total-Count and Link).",
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
                "description": "Items per page (opt-in pagination).",
            },
        ]
