"""Brand assets: which Wagtail image (or, for SVG, document) is served at each
/uploads/public/images/<path> the frontend loads. Replacing an asset is choosing or
uploading another file here, or replacing the chosen image's file."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel

from cms.assets import FORMATS, PATH_RE, extension, is_svg, public_url
from cms.assets.svg import check_svg
from cms.exceptions import UnsafeSvg


def validate_asset_path(value: str):
    if not PATH_RE.match(value) or ".." in value:
        raise ValidationError(
            "Use a path like Logos/company-logo.png: folders and a file name of letters, "
            "digits, '.', '-' or '_', ending in .jpg, .jpeg, .png, .webp or .svg."
        )


class BrandAsset(models.Model):
    path = models.CharField(
        max_length=255,
        unique=True,
        validators=[validate_asset_path],
        help_text="Served at /uploads/public/images/<path>; the extension sets the format.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For .jpg, .png and .webp paths. Any image works: it is converted to the "
        "path's format when needed.",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For .svg paths: upload the SVG file as a document.",
    )
    note = models.CharField(
        max_length=255, blank=True, help_text="Where the site shows it (for editors)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("path"), FieldPanel("image"), FieldPanel("document"), FieldPanel("note")]

    class Meta:
        ordering = ["path"]
        verbose_name = "brand asset"

    def __str__(self):
        return self.path

    @property
    def url(self) -> str:
        return public_url(self.path)

    def clean(self):
        super().clean()
        if not self.path or extension(self.path) not in FORMATS:
            return  # the path's own validator reports it
        if is_svg(self.path):
            if self.image_id:
                raise ValidationError({"image": "An .svg path is served from a document."})
            if self.document_id:
                self._check_svg_document()
        elif self.document_id:
            raise ValidationError(
                {"document": "Only .svg paths use a document; choose an image instead."}
            )

    def _check_svg_document(self):
        document = self.document
        if not document.file.name.lower().endswith(".svg"):
            raise ValidationError({"document": "Choose an .svg document for an .svg path."})
        try:
            with document.file.open("rb") as handle:
                check_svg(handle.read())
        except UnsafeSvg as exc:
            raise ValidationError({"document": str(exc)}) from exc
