"""Builders shared by the About sections: structs, lists, images and headings."""

from wagtail import blocks

from cms.blocks import ImageUrlChooserBlock, link_to, long_text, text


def struct_block(name, fields, icon=None, label=None):
    meta = type("Meta", (), {"icon": icon or "doc-full", "label": label})
    return type(name, (blocks.StructBlock,), {**fields, "Meta": meta})


def enabled_flag(help_text="Untick to hide this from the page."):
    return blocks.BooleanBlock(required=False, default=True, label="Show", help_text=help_text)


def strings_block(label, help_text=None):
    return blocks.ListBlock(
        blocks.CharBlock(max_length=255), label=label, help_text=help_text, default=[], min_num=0
    )


def list_block(child, label, help_text=None):
    return blocks.ListBlock(child, label=label, help_text=help_text, default=[], min_num=0)


def image_block(label="Image", size="wide"):
    return ImageUrlChooserBlock(size=size, required=False, label=label)


def position_block():
    return text(
        "Image focus", "CSS object-position, e.g. center top; empty for centre.", max_length=40
    )


def cta_block(name, label):
    return struct_block(name, {"label": text("Button text"), "to": link_to("Button link")})(
        label=label, required=False
    )


def heading_fields():
    return {
        "enabled": enabled_flag("Untick to hide the whole section."),
        "eyebrow": text("Eyebrow", "Small line above the title."),
        "title": text("Title"),
        "description": long_text("Description"),
    }


def heading_block(name):
    return struct_block(name, heading_fields(), icon="title")
