"""What PyYAML's parser says most often, as messages (its own English, the same words), so that a
syntax error reads in Chinese too."""

from __future__ import annotations

import re

from .i18n import t

__all__ = ["parser_said"]


def parser_said(text: str) -> str:
    """What PyYAML's parser said, as a message where it is one of the things it says most: its own
    English, the same words, so that a Chinese reader gets them in Chinese."""
    said = {
        "found unexpected end of stream": t("found unexpected end of stream"),
        "while scanning a quoted scalar": t("while scanning a quoted scalar"),
        "mapping values are not allowed here": t("mapping values are not allowed here"),
        "mapping values are not allowed in this context": t("mapping values are not allowed in this context"),
        "found a tab character that violates indentation": t("found a tab character that violates indentation"),
        "while scanning a plain scalar": t("while scanning a plain scalar"),
        "could not find expected ':'": t("could not find expected ':'"),
        "while scanning a simple key": t("while scanning a simple key"),
        "while parsing a block mapping": t("while parsing a block mapping"),
        "while parsing a block collection": t("while parsing a block collection"),
        "while parsing a flow mapping": t("while parsing a flow mapping"),
        "while parsing a flow sequence": t("while parsing a flow sequence"),
        "did not find expected key": t("did not find expected key"),
        "did not find expected '-' indicator": t("did not find expected '-' indicator"),
        "did not find expected ',' or ']'": t("did not find expected ',' or ']'"),
        "did not find expected ',' or '}'": t("did not find expected ',' or '}}'"),
        "expected <block end>, but found '<block mapping start>'":
            t("expected <block end>, but found '<block mapping start>'"),
        "expected <block end>, but found '-'": t("expected <block end>, but found '-'"),
        "found undefined alias": t("found undefined alias"),
        "while parsing a node": t("while parsing a node"),
        "found character that cannot start any token": t("found character that cannot start any token"),
    }.get(text)
    if said is not None:
        return said
    found = re.fullmatch(r"found character (.*) that cannot start any token", text)
    if found:
        return t("found character {char} that cannot start any token", char=found.group(1))
    return text
