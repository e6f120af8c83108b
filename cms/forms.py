"""Admin form behaviour shared by page types."""

from wagtail.admin.forms import WagtailAdminPageForm


class AuthorDefaultPageForm(WagtailAdminPageForm):
    """A new page's author starts as the editor creating it (they can still change it);
    an existing page keeps whatever author it has."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        author = self.fields.get("author")
        new = not self.instance.pk
        if author is not None and new and for_user is not None and not self.initial.get("author"):
            self.initial["author"] = for_user.pk
