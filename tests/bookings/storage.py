"""A private storage that breaks midway, as a full disk or a dropped S3 connection would."""

import os

from django.core.files.storage import FileSystemStorage


class FailOnNthSaveStorage(FileSystemStorage):
    def __init__(self, *, fail_on: int, **kwargs):
        super().__init__(**kwargs)
        self.fail_on = fail_on
        self.saves = 0

    def _save(self, name, content):
        self.saves += 1
        if self.saves == self.fail_on:
            # Leave a half-written object behind, then fail.
            path = self.path(name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(content.read(1000))
            raise OSError("No space left on device")
        return super()._save(name, content)
