"""Pydantic models: the single source of truth for every format.

The model modules do without ``from __future__ import annotations``: with it, pydantic evaluates
every annotation string with ``eval`` when a model class is made, which cost about 1.5% of a cold
CLI run. A model that refers to itself quotes that annotation.
"""

from .common import KIND_TITLES, KINDS, METHOD_LABELS, MODE_LABELS, Condition, Kind, Method
from .inputs import PreviousFinding, Round, Signal, Unit
from .pack import Checklist, Item, Pack

__all__ = [
    "KINDS",
    "KIND_TITLES",
    "METHOD_LABELS",
    "MODE_LABELS",
    "Checklist",
    "Condition",
    "Item",
    "Kind",
    "Method",
    "Pack",
    "PreviousFinding",
    "Round",
    "Signal",
    "Unit",
]
