"""The seam for KRA eTIMS (or any fiscal device/e-invoicing service).

``document_issued`` is sent once per document, after the issuing transaction commits,
with ``document`` (an invoicing.models.Document, lines available via document.lines).
A receiver should only queue its own Huey task (and be idempotent per document.pk): the
document is already final, and a failure there must not undo the issue.
"""

from django.dispatch import Signal

document_issued = Signal()
