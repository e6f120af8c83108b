"""Careers, products and solution copy, included first by cms.urls so the two fixed site
groups below win over the generic site/<slug> route."""

from django.urls import path

from cms.api.cache import cached_api
from cms.api.careers import CareersContentView, CareersListView
from cms.api.products import ProductDetailView, ProductListView
from cms.api.solutions import HomeContentView

urlpatterns = [
    path("careers", cached_api(CareersListView.as_view()), name="cms-careers"),
    path("products", cached_api(ProductListView.as_view()), name="cms-products"),
    path("products/<str:key>", cached_api(ProductDetailView.as_view()), name="cms-product"),
    path(
        "site/careers_content",
        cached_api(CareersContentView.as_view()),
        name="cms-site-careers-content",
    ),
    path("site/home-content", cached_api(HomeContentView.as_view()), name="cms-site-home-content"),
]
