import contextlib
import re
import zlib

import pytest

from tests.bookings.conftest import api  # noqa: F401 (the booking-form client)
from tests.payments.conftest import (  # noqa: F401 (fixtures reused from the payments tests)
    _payment_settings,
    api_client,
    booking,
    fake_stripe,
)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the on-commit work (PDF task, emails) as a real commit would."""

    def _run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return _run


def pdf_text(content: bytes) -> str:
    """The text drawn on the PDF's pages: every (string) Tj operand of every content
    stream, compressed (FlateDecode) or not, joined by newlines."""
    assert content.startswith(b"%PDF-")
    chunks = []
    # Up to "endstream" with the end-of-line bytes: a compressed stream may itself end in a
    # CR byte, which an optional "\r?\n" before "endstream" cut off (2 unreadable PDFs in
    # 2,000 random renders; one failed CI). decompressobj leaves trailing bytes unused.
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        with contextlib.suppress(zlib.error):  # uncompressed streams are read as they are
            raw = zlib.decompressobj().decompress(raw)
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", raw):
            text = re.sub(rb"\\(.)", rb"\1", literal)
            chunks.append(text.decode("latin-1"))
    return "\n".join(chunks)
