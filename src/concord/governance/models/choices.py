"""The words of governance: kinds of forum, decision rules, statuses and stances."""

from django.db import models

__all__ = [
    "ActionStatus",
    "Cadence",
    "DecisionRule",
    "ForumKind",
    "ItemKind",
    "MeetingStatus",
    "Outcome",
    "ProposalStatus",
    "Stance",
]


class ForumKind(models.TextChoices):
    CLINICAL_SENATE = "clinical_senate", "Clinical senate"
    LOCALITY_GROUP = "locality_group", "Locality group"
    GOVERNING_BODY = "governing_body", "Governing body"
    JOINT_COMMITTEE = "joint_committee", "Joint committee"
    PROGRAMME_BOARD = "programme_board", "Programme board"


class DecisionRule(models.TextChoices):
    CONSENT = "consent", "Consent: agreed when quorate and no seat stands objecting"
    MAJORITY = "majority", "Majority: more seats support than object"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    AD_HOC = "ad_hoc", "As needed"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class ItemKind(models.TextChoices):
    FOR_DECISION = "for_decision", "For decision"
    FOR_DISCUSSION = "for_discussion", "For discussion"
    ACCOUNTABILITY_REVIEW = "accountability_review", "Accountability review"
    FOR_INFORMATION = "for_information", "For information"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for positions"
    AGREED = "agreed", "Agreed"
    NOT_AGREED = "not_agreed", "Not agreed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Superseded"


class Stance(models.TextChoices):
    SUPPORT = "support", "Support"
    CONCERNS = "concerns", "Support with concerns"
    ABSTAIN = "abstain", "Abstain"
    OBJECT = "object", "Object"


class Outcome(models.TextChoices):
    AGREED = "agreed", "Agreed"
    NOT_AGREED = "not_agreed", "Not agreed"
