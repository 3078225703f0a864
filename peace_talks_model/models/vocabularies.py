"""Value lists several record types share: how a fact was established (`Basis`), yes/no/unclear (`Boolish`),
what a provision, agenda item or position is about (`Topic`), and the field's datasets with the codes they give
a record in variables that have no typed field here (`Dataset`, `DatasetCode`).

The status vocabulary of each record type is defined with its record class.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictStr, StringConstraints

from peace_talks_model.models.base import PeaceModel
from peace_talks_model.models.scalars import Text


class Basis(StrEnum):
    """How a fact was established."""

    #: the source says so
    stated = "stated"
    #: inferred from what the sources say (e.g. two stories together)
    inferred = "inferred"
    #: known from outside the cited sources
    outside_knowledge = "outside_knowledge"


class Boolish(StrEnum):
    """Yes, no, or unclear (ETH/PRIO's '-1 = unclear' made explicit)."""

    yes = "yes"
    no = "no"
    unclear = "unclear"


class Topic(StrEnum):
    """What a provision, agenda item or negotiating position is about (PA-X provision families, condensed).

    The same vocabulary types agreement provisions, negotiation agendas and negotiating positions, so that a
    demand ("a cease-fire before any talks") can be matched with the agenda item and the provision.
    """

    #: a cease-fire or cessation of hostilities
    ceasefire = "ceasefire"
    #: a reduction in violence short of a cease-fire
    reduction_of_violence = "reduction_of_violence"
    #: withdrawal or reduction of (foreign) troops
    troop_withdrawal = "troop_withdrawal"
    #: closure or handover of military bases
    base_closure = "base_closure"
    #: release of prisoners or detainees
    prisoner_release = "prisoner_release"
    #: exchange of prisoners between sides
    prisoner_exchange = "prisoner_exchange"
    #: guarantees against terrorism (not harbouring groups, cutting ties)
    counter_terrorism_guarantee = "counter_terrorism_guarantee"
    #: the start, resumption or format of talks
    talks = "talks"
    #: confidence-building measures
    confidence_building = "confidence_building"
    #: sharing of government power
    power_sharing = "power_sharing"
    #: elections and electoral arrangements
    elections = "elections"
    #: referendums
    referendum = "referendum"
    #: an interim or transitional government
    interim_government = "interim_government"
    #: constitutional reform
    constitution = "constitution"
    #: territorial arrangements, autonomy, self-government
    territory_autonomy = "territory_autonomy"
    #: disarmament, demobilisation and reintegration
    ddr = "ddr"
    #: decommissioning of weapons
    decommissioning = "decommissioning"
    #: amnesty
    amnesty = "amnesty"
    #: transitional justice, truth commissions, accountability
    transitional_justice = "transitional_justice"
    #: lifting or relief of sanctions
    sanctions_relief = "sanctions_relief"
    #: removal from terrorist or sanctions lists
    delisting = "delisting"
    #: monitoring and verification, monitoring missions
    monitoring = "monitoring"
    #: security sector and policing reform
    security_sector_reform = "security_sector_reform"
    #: humanitarian access and aid
    humanitarian = "humanitarian"
    #: return of refugees and displaced people
    refugees = "refugees"
    #: economic arrangements, reconstruction, resource sharing
    economic = "economic"
    #: human rights and rights of groups
    human_rights = "human_rights"
    #: relations between states, recognition, normalisation
    interstate_relations = "interstate_relations"
    #: schedules, procedures, codes of conduct for talks
    procedure = "procedure"
    #: the peace process as a whole (its resumption, its success)
    peace_process = "peace_process"
    #: signing or concluding an agreement
    agreement_signing = "agreement_signing"
    #: anything else (describe it)
    other = "other"


class Dataset(StrEnum):
    """The field's datasets whose codes a record may carry."""

    #: PA-X Peace Agreements Database (PeaceRep)
    pax = "pax"
    #: PAA-X, the PA-X actors table (PeaceRep)
    paax = "paax"
    #: ETH/PRIO Civil Conflict Ceasefire dataset
    eth_prio_cf = "eth_prio_cf"
    #: Armed Conflict Location & Event Data
    acled = "acled"
    #: Uppsala Conflict Data Program datasets
    ucdp = "ucdp"


class DatasetCode(PeaceModel):
    """A dataset's code for the record in a variable this model has no typed field for, kept verbatim so that an
    import loses nothing and an export gives the code back (PAA-X `sub_type`, ETH/PRIO `timing`)."""

    dataset: Dataset = Field(description="The dataset the code comes from.")
    variable: Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,63}$")] = Field(
        description="The dataset's column (variable) name, verbatim, e.g. 'timing', 'sub_type'."
    )
    value: Text = Field(description="The value in that column, verbatim as the dataset writes it, e.g. '2'.")
    label: Text | None = Field(
        default=None, description="What the value means, when the dataset's codebook says, e.g. 'Regional'."
    )
