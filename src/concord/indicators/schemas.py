"""What the data submission endpoints take and return."""

import datetime as dt

from ninja import Field, Schema

from concord.api.schemas import OrganisationRef

__all__ = ["RejectionIn", "SubmissionIn", "SubmissionInvalidOut", "SubmissionOut"]


class RowIn(Schema):
    indicator: str = Field(description="an indicator's code")
    numerator: float | str | None = None
    denominator: float | str | None = None
    published: dt.date | None = None


class SubmissionIn(Schema):
    organisation: str = Field(description="the ODS code of the organisation the figures are for")
    period: str = Field(description="the period's label: 2021-22, 2021-22 Q4 or 2021-03")
    rows: list[RowIn]


class RejectionIn(Schema):
    reason: str = Field(description="what the organisation should correct")


class RowErrorOut(Schema):
    row: int | None = Field(description="the row as a spreadsheet shows it; 1 is the header")
    column: str | None
    message: str = Field(description="what was expected")


class RowOut(Schema):
    number: int
    indicator: str
    numerator: float | None
    denominator: float | None
    published: dt.date | None

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.code


class StepOut(Schema):
    state: str
    by: str | None
    at: dt.datetime
    reason: str

    @staticmethod
    def resolve_by(obj) -> str | None:
        return obj.by.get_username() if obj.by_id else None


class SubmissionOut(Schema):
    id: int
    organisation: OrganisationRef
    period: str
    state: str
    source: str
    file_name: str
    created_by: str
    created_at: dt.datetime
    supersedes: int | None = Field(None, description="the submission this one replaced")
    errors: list[RowErrorOut] = Field(description="every problem found; none to be submitted")
    rows: list[RowOut]
    steps: list[StepOut] = Field(description="the trail: each step, who took it and when")

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.period.label

    @staticmethod
    def resolve_created_by(obj) -> str:
        return obj.created_by.get_username()

    @staticmethod
    def resolve_supersedes(obj) -> int | None:
        return obj.supersedes_id

    @staticmethod
    def resolve_rows(obj) -> list:
        return list(obj.rows.select_related("indicator"))

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.select_related("by"))


class SubmissionInvalidOut(Schema):
    detail: str
    submission: int | None = Field(description="the draft kept with its errors, to look at")
    errors: list[RowErrorOut]
