"""Numbers as these lists are printed: 一、 for sections, (一) for sub-sections, 1. for items."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一, 100 -> 一百."""
    if n <= 0:
        raise ValueError("numbers start at 1")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _DIGITS[hundreds] + "百"
    if rest < 10:
        return _DIGITS[hundreds] + "百零" + _DIGITS[rest]
    tail = chinese_numeral(rest)
    return _DIGITS[hundreds] + "百" + (("一" + tail) if rest < 20 else tail)


def section_number(n: int, level: int) -> str:
    """The section's number as printed before its title: 一 (level 1) or (一) (level 2)."""
    return chinese_numeral(n) if level == 1 else f"({chinese_numeral(n)})"
