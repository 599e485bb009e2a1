"""The forms that set the registry up: adding an organisation ODS does not hold, changing its
name or postcode, linking organisations, adding people and posts, and ending a link or a post.
Each feeds one action (concord.organisations.actions), which checks what the form cannot
(the permission, dates in order, duplicates); its refusal comes back as the form's error."""

from django import forms

from concord.organisations.kinds import LOCAL_KINDS, Kind, RelationshipKind
from concord.organisations.models import Person
from concord.organisations.names import by_name
from concord.web.forms import OrganisationCodeField, date_field

__all__ = [
    "EndForm",
    "LinkForm",
    "OrganisationChangeForm",
    "OrganisationForm",
    "PersonForm",
    "PostForm",
    "PostHereForm",
]


LOCAL_OR_ODS = "Its ODS code or local code, for example 02H or LOC-02H-1"


def choices(blank: str, options) -> list[tuple[str, str]]:
    return [("", blank), *options]


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=255, error_messages={"required": "Enter the name"})
    kind = forms.ChoiceField(
        choices=choices("Choose a kind", [(k, Kind(k).label) for k in LOCAL_KINDS]),
        help_text="Organisations of other kinds come from ODS's files",
        error_messages={"required": "Choose the kind of organisation"},
    )
    code = forms.CharField(
        required=False,
        max_length=32,
        label="Local code (optional)",
        help_text="For example LOC-02H-6. Leave it blank to be given the next free one.",
    )
    postcode = forms.CharField(required=False, max_length=10, label="Postcode (optional)")
    opened = date_field("Opened (optional)", required=False, name="The date it opened")


class OrganisationChangeForm(forms.Form):
    name = forms.CharField(max_length=255, error_messages={"required": "Enter the name"})
    postcode = forms.CharField(required=False, max_length=10, label="Postcode (optional)")


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        label="This organisation is",
        choices=choices("Choose the kind of link", RelationshipKind.choices),
        error_messages={"required": "Choose the kind of link"},
    )
    parent = OrganisationCodeField(
        label="Of the organisation",
        help_text=LOCAL_OR_ODS,
        error_messages={"required": "Enter the code of the organisation it is linked to"},
    )
    start = date_field(
        "From (optional)",
        required=False,
        name="The start date",
        help_text="Blank: since before our records",
    )
    end = date_field(
        "To (optional)", required=False, name="The end date", help_text="Blank: still in force"
    )


class EndForm(forms.Form):
    end = date_field("Last day in force", name="The last day")


class PersonForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the person's name"})
    email = forms.CharField(required=False, max_length=254, label="Email address (optional)")


class PostFields(forms.Form):
    """What every post has, wherever it is added from."""

    role = forms.CharField(
        max_length=200,
        label="Post",
        help_text="For example Clinical lead",
        error_messages={"required": "Enter the post"},
    )
    on_behalf_of = OrganisationCodeField(
        required=False,
        label="On behalf of (optional)",
        help_text="The code of the organisation the post is held for, if it is held for another",
    )
    start = date_field("From", name="The start date")
    end = date_field("To (optional)", required=False, name="The end date")


class PostForm(PostFields):
    """A post added from a person's page: the organisation it is in, by its code."""

    organisation = OrganisationCodeField(
        label="In the organisation",
        help_text=LOCAL_OR_ODS,
        error_messages={"required": "Enter the code of the organisation the post is in"},
    )
    field_order = ["organisation", "role", "on_behalf_of", "start", "end"]


class PostHereForm(PostFields):
    """A post added from an organisation's page: the person who holds it."""

    person = forms.ChoiceField(
        error_messages={"required": "Choose the person", "invalid_choice": "Choose the person"},
    )
    field_order = ["person", "role", "on_behalf_of", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.order_by(*by_name("name", "pk")).values_list("pk", "name")
        self.fields["person"].choices = choices("Choose a person", [(str(k), n) for k, n in people])

    def clean_person(self) -> Person:
        return Person.objects.get(pk=self.cleaned_data["person"])
