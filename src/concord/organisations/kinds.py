"""The kinds of organisation and relationship in a health and care economy (see the glossary)."""

from django.db import models

__all__ = [
    "COMMISSIONER_KINDS",
    "HIERARCHY_KINDS",
    "Kind",
    "LOCAL_KINDS",
    "PROVIDER_KINDS",
    "RelationshipKind",
    "noun",
    "parent_group",
]


class Kind(models.TextChoices):
    NATION = "nation", "Nation"
    REGION = "region", "NHS England region"
    STP = "stp", "STP / integrated care system"
    ICB = "icb", "Integrated care board"
    CCG = "ccg", "Clinical commissioning group"
    SUB_ICB = "sub_icb", "Sub-ICB location"
    LOCALITY = "locality", "Locality"
    PCN = "pcn", "Primary care network"
    PRACTICE = "practice", "GP practice"
    ACUTE_TRUST = "acute_trust", "Acute trust"
    COMMUNITY_PROVIDER = "community_provider", "Community provider"
    MENTAL_HEALTH_TRUST = "mental_health_trust", "Mental health trust"
    NHS_TRUST = "nhs_trust", "NHS trust"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    VOLUNTARY_BODY = "voluntary_body", "Voluntary body"
    MANAGEMENT_TEAM = "management_team", "Management team"
    FORUM_SECRETARIAT = "forum_secretariat", "Forum secretariat"
    OTHER_COMMISSIONER = "other_commissioner", "Other commissioner"
    PRESCRIBING_COST_CENTRE = "prescribing_cost_centre", "Other prescribing cost centre"


# Kinds whose plural is not their label with an "s".
PLURALS = {
    Kind.LOCALITY.label: "Localities",
    Kind.STP.label: "STPs / integrated care systems",
}


def noun(label: str, count: int = 2) -> str:
    """A kind's label as a noun in running text, singular for 1 and plural otherwise: "1 GP
    practice", "5 localities", "2 NHS trusts" (acronyms keep their capitals)."""
    words = label if count == 1 else PLURALS.get(label, f"{label}s")
    if len(words) > 1 and words[1].islower():
        words = words[0].lower() + words[1:]
    return words


COMMISSIONER_KINDS = (Kind.CCG, Kind.SUB_ICB, Kind.OTHER_COMMISSIONER, Kind.ICB)
PROVIDER_KINDS = (
    Kind.ACUTE_TRUST,
    Kind.COMMUNITY_PROVIDER,
    Kind.MENTAL_HEALTH_TRUST,
    Kind.NHS_TRUST,
    Kind.LOCAL_AUTHORITY,
    Kind.VOLUNTARY_BODY,
)

# Kinds that replace one another as the parent of an organisation: a practice moving from one
# CCG to a sub-ICB location ends the first link, but joining a PCN does not end its locality link.
PARENT_GROUPS = {
    **{k: "commissioner" for k in COMMISSIONER_KINDS},
    Kind.STP: "system",
    Kind.REGION: "region",
    Kind.NATION: "nation",
    Kind.LOCALITY: "locality",
    Kind.PCN: "pcn",
}


def parent_group(kind: str) -> str:
    return PARENT_GROUPS.get(kind, kind)


class RelationshipKind(models.TextChoices):
    PART_OF = "part_of", "Part of"
    MEMBER_OF = "member_of", "Member of"
    SUCCESSOR_OF = "successor_of", "Successor of"
    HOSTED_BY = "hosted_by", "Hosted by"
    SERVES = "serves", "Serves"


# Relationship kinds that make the child count as "within" the parent.
HIERARCHY_KINDS = (RelationshipKind.PART_OF, RelationshipKind.MEMBER_OF)


# Kinds ODS does not publish, with the prefix of the local codes Concord gives them: the
# registry's administrators add these; every other kind comes in with ODS's files.
LOCAL_KINDS = {
    Kind.LOCALITY: "LOC",
    Kind.VOLUNTARY_BODY: "VOL",
    Kind.MANAGEMENT_TEAM: "MT",
    Kind.FORUM_SECRETARIAT: "SEC",
    Kind.LOCAL_AUTHORITY: "LA",
}
