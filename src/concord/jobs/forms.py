"""The form of the imports page: a national file uploaded for the background worker to read."""

from django import forms

from concord.web.forms import DateField

from .actions import UPLOADABLE

__all__ = ["ImportForm"]


class ImportForm(forms.Form):
    """A national file uploaded from the browser: what it is, the file, the date it describes
    (for the files that carry none) and whether to read a file imported before again."""

    kind = forms.ChoiceField(
        label="What is the file?",
        choices=(),
        error_messages={"required": "Choose what the file is"},
    )
    file = forms.FileField(
        label="The file",
        error_messages={"required": "Choose the file to upload", "empty": "The file is empty"},
    )
    as_at = DateField(
        name="The as-at date",
        label="The date the file describes (if it carries none)",
        required=False,
        help_text="For epraccur, QOF map and QOF prevalence files only. For example, 1 4 2021",
    )
    force = forms.BooleanField(
        label="Read it again even if this file was imported before", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, f"{importer.description} ({kind})") for kind, importer in UPLOADABLE.items()
        ]
