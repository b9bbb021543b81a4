"""Numbers as these lists are printed: 一、 for sections, (一) for sub-sections, 1. for items."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_PLACES = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
_GROUPS = ("", "万", "亿", "万亿")


def chinese_numeral(n: int) -> str:
    """Any count in Chinese numerals: 1 -> 一, 12 -> 十二, 112 -> 一百一十二, 1005 -> 一千零五,
    20000 -> 二万, 100005 -> 十万零五, 123456789 -> 一亿二千三百四十五万六千七百八十九."""
    if n <= 0:
        raise ValueError("numbers start at 1")
    if n >= 10_000 ** len(_GROUPS):
        raise ValueError(f"{n} is too large to write in Chinese numerals here")
    groups = []
    while n:
        n, group = divmod(n, 10_000)
        groups.append(group)
    parts: list[str] = []
    gap = False  # a group of zeros since the last written group
    for place in range(len(groups) - 1, -1, -1):
        group = groups[place]
        if group == 0:
            gap = True
            continue
        if parts and (gap or group < 1000):
            parts.append("零")
        parts.append(_group(group, leading=not parts) + _GROUPS[place])
        gap = False
    return "".join(parts)


def _group(n: int, leading: bool) -> str:
    """A number below 10,000; ``leading``: first in the numeral, where 10-19 read 十…, not 一十…."""
    text = ""
    zero = False
    for value, unit in _PLACES:
        digit = n // value % 10
        if digit == 0:
            zero = zero or bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += unit if (value == 10 and digit == 1 and not text and leading) else _DIGITS[digit] + unit
    return text


def section_number(n: int, level: int) -> str:
    """The section's number as printed before its title: 一 (level 1) or (一) (level 2)."""
    return chinese_numeral(n) if level == 1 else f"({chinese_numeral(n)})"
