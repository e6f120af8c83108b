"""Media embeds in rich text are expanded to the provider's HTML (through Wagtail's oEmbed
finder, here pointed at a local oEmbed server) so the frontend renders them as they are."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from tests.cms.factories import blog_post, sid

pytestmark = pytest.mark.django_db


class _OEmbedHandler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        self.requests.append(query["url"][0])
        body = json.dumps(
            {
                "type": "video",
                "version": "1.0",
                "title": "AngiSoft showreel",
                "provider_name": "ExampleVideo",
                "html": '<iframe src="https://video.example.com/embed/42"></iframe>',
                "width": 640,
                "height": 360,
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def oembed_provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OEmbedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _OEmbedHandler.requests = []
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {
                    "endpoint": f"http://127.0.0.1:{server.server_port}/oembed",
                    "urls": [r"^https://video\.example\.com/.+$"],
                }
            ],
        }
    ]
    yield _OEmbedHandler
    server.shutdown()
    server.server_close()


def test_media_embed_in_rich_text_is_expanded(tree, get_api, oembed_provider):
    blog_post(
        tree,
        1,
        body=[
            {
                "type": "paragraph",
                "value": '<p>Watch:</p><embed embedtype="media" url="https://video.example.com/42"/>',
                "id": sid(),
            }
        ],
    )
    [item] = get_api("blogs").json()
    assert '<iframe src="https://video.example.com/embed/42"></iframe>' in item["content"]
    assert "<embed" not in item["content"]
    assert oembed_provider.requests == ["https://video.example.com/42"]
