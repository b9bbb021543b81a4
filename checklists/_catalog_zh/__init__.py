"""The Chinese of every message (``checklists.i18n``), keyed by its English template, one module per
part of the package so that each part's messages are found beside each other."""

from __future__ import annotations

from . import checks, cli, compose, inputs, loading, outputs, service

MESSAGES: dict[str, str] = {**loading.MESSAGES, **checks.MESSAGES, **inputs.MESSAGES, **compose.MESSAGES,
                            **outputs.MESSAGES, **cli.MESSAGES, **service.MESSAGES}

__all__ = ["MESSAGES"]
