"""Rich text stored by editors renders without a 500 even when a link or image id is not
a plain number (ids come from stored HTML, which an import or a bad paste can fill)."""

import pytest
from wagtail.rich_text import expand_db_html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad_id", ["³", "٣", "9" * 5000, "-1", ""])
def test_links_and_images_with_odd_ids_render_as_missing(bad_id):
    html = expand_db_html(
        f'<p><a linktype="page" id="{bad_id}">a page</a></p>'
        f'<embed embedtype="image" id="{bad_id}" format="fullwidth" alt="x"/>'
    )

    assert "a page" in html
