"""The shapes only layer files have: fragments, which carry items; catalogs, which carry
departments, materials and signal topics; profiles, merged along their ``extends`` chains;
changes; and the layer manifest.

A loaded library keeps what these carry, not these models themselves, so a library read from
the cache never needs them: only parsing a layer imports this module.
"""


from typing import Annotated, Any, Literal

from pydantic import Field

from .common import Condition, Id, Kind, ParamName, Scalar, Strict, Text
from .library import (
    Department,
    FunctionItemSpec,
    Material,
    PolicyItemSpec,
    ProblemItemSpec,
    SectionSpec,
    Selection,
    SignalTopic,
    SupervisionInfoItemSpec,
)

# --------------------------------------------------------------------------- fragments


class FragmentBase(Strict):
    """A fragment: one file of items of one kind that share a group, a default section, a condition and programs."""

    group: Id = Field(description="The group profiles, programs and themes include, e.g. village.sanzi.")
    description: str | None = None
    section: Id | None = Field(default=None, description="Default section of the items.")
    when: Condition | None = Field(default=None, description="Condition every item shares.")
    programs: tuple[Id, ...] = Field(default=("xuncha",), description="Default programs of the items.")


class PolicyFragment(FragmentBase):
    """A fragment of policy items (政策清单): the documents that apply, each cited exactly."""

    kind: Literal["policy"]
    items: tuple[PolicyItemSpec, ...] = Field(description="The items; [] in a file not yet filled in.")


class FunctionFragment(FragmentBase):
    """A fragment of function items (职能清单): the typical basic facts, functions, bodies and units of a unit type."""

    kind: Literal["function"]
    items: tuple[FunctionItemSpec, ...] = Field(description="The items; [] in a file not yet filled in.")


class SupervisionInfoFragment(FragmentBase):
    """A fragment of supervision-information items (综合监督信息清单): what to ask of which department."""

    kind: Literal["supervision_info"]
    items: tuple[SupervisionInfoItemSpec, ...] = Field(description="The items; [] in a file not yet filled in.")


class ProblemFragment(FragmentBase):
    """A fragment of problem items (问题清单): problems and risk points to check, each with its policy basis."""

    kind: Literal["problem"]
    items: tuple[ProblemItemSpec, ...] = Field(description="The items; [] in a file not yet filled in.")


Fragment = Annotated[
    PolicyFragment | FunctionFragment | SupervisionInfoFragment | ProblemFragment,
    Field(discriminator="kind"),
]

# --------------------------------------------------------------------------- catalogs


class Catalog(Strict):
    """Shared vocabularies: supplying departments, materials and signal topics."""

    departments: tuple[Department, ...] = ()
    materials: tuple[Material, ...] = ()
    signal_topics: tuple[SignalTopic, ...] = ()


# --------------------------------------------------------------------------- profiles


class ProfileSpec(Strict):
    """A profile: the sections of each list and the groups of items a unit type uses; may extend another profile."""

    id: Id
    label: Text
    description: str | None = None
    extends: Id | None = Field(default=None, description="Profile whose sections and selection this one inherits.")
    sections: dict[Kind, tuple[SectionSpec, ...]] = Field(
        default={}, description="Sections per kind, in print order, appended to the parent's."
    )
    include: Selection = Selection()
    exclude: Selection = Selection()
    params: dict[ParamName, Scalar] = Field(default={}, description="Parameter defaults.")
    replace: bool = False


# --------------------------------------------------------------------------- changes and manifest


class Change(Strict):
    """A change a later layer makes to an earlier layer's item: patch some of its fields, or remove it."""

    op: Literal["remove", "patch"]
    item: Id
    set: dict[str, Any] | None = Field(default=None, description="Fields to set (patch only).")
    reason: str | None = None


class Changes(Strict):
    """Changes a later layer makes to items of earlier layers."""

    changes: tuple[Change, ...] = Field(description="The changes; [] in a file not yet filled in.")


class LayerManifest(Strict):
    """library.yaml of a layer: its name, version and description."""

    name: Id
    version: str = "0"
    description: str | None = None


__all__ = [
    "Catalog",
    "Change",
    "Changes",
    "Fragment",
    "FragmentBase",
    "FunctionFragment",
    "LayerManifest",
    "PolicyFragment",
    "ProblemFragment",
    "ProfileSpec",
    "SupervisionInfoFragment",
]
