"""Pydantic models: the single source of truth for every format."""

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
