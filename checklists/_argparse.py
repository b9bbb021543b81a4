"""argparse in the command's language: the usage line, the group titles, the help option and the
errors argparse writes itself are in Chinese when the command speaks Chinese. argparse's own texts
go through the ``gettext`` of the process, which this does not touch: the parser class carries the
language instead."""

from __future__ import annotations

import argparse
import re
import sys
from typing import IO, Any, NoReturn

from .i18n import Lang, tr

__all__ = ["parser_in", "say", "sub_parser_class"]

_ERRORS_ZH = (
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少必须给出的参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (re.compile(r"^argument (.*?): invalid choice: (.*) \(choose from (.*)\)$"),
     "参数 {0}：{1} 不是可选的值（可选：{2}）"),
    (re.compile(r"^argument (.*?): expected one argument$"), "参数 {0} 后面要写一个值"),
    (re.compile(r"^argument (.*?): invalid (.*) value: (.*)$"), "参数 {0}：{2} 不是有效的值"),
    (re.compile(r"^argument (.*?): not allowed with argument (.*)$"), "参数 {0} 不能与参数 {1} 同时使用"),
    (re.compile(r"^argument (.*?): ignored explicit argument (.*)$"), "参数 {0} 不带值，却写了 {1}"),
    (re.compile(r"^ambiguous option: (.*) could match (.*)$"), "选项 {0} 不明确，可能是：{1}"),
)


def _in_chinese(message: str) -> str:
    for pattern, zh in _ERRORS_ZH:
        found = pattern.match(message)
        if found:
            return zh.format(*found.groups())
    return message


_NO_LINE_START = frozenset("，。、；：）》」』”’！？")
"""Punctuation a Chinese line does not start with: it stays at the end of the line before."""


class _Formatter(argparse.HelpFormatter):
    lang: Lang = "en"

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if self.lang == "zh" and prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Chinese is wrapped by the columns a character takes (two), at a character or a space, never
        inside a word of Latin letters (a format, an option); argparse's own wrapping counts one each."""
        if self.lang != "zh":
            return super()._split_lines(text, width)
        lines: list[str] = []
        line, used = "", 0
        for piece in re.findall(r"[A-Za-z0-9_.,:/|{}\[\]()'-]+|\s+|.", " ".join(text.split())):
            size = sum(2 if ord(c) > 0x2E7F else 1 for c in piece)
            if used + size > width and line.strip() and piece not in _NO_LINE_START:
                lines.append(line.rstrip())
                line, used = ("", 0) if piece.isspace() else (piece, size)
                continue
            line, used = line + piece, used + size
        if line.strip():
            lines.append(line.rstrip())
        return lines


def _formatter(lang: Lang) -> type[argparse.HelpFormatter]:
    return type("Formatter", (_Formatter,), {"lang": lang})


class _Parser(argparse.ArgumentParser):
    lang: Lang = "en"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _formatter(self.lang))
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        if self.lang == "zh":
            self._positionals.title = "位置参数"
            self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="显示本帮助并退出" if self.lang == "zh" else "show this help message and exit")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if self.lang == "zh":
            self.exit(2, f"{self.prog}：错误：{_in_chinese(message)}\n")
        self.exit(2, f"{self.prog}: error: {message}\n")


def sub_parser_class(lang: Lang) -> type[argparse.ArgumentParser]:
    """The parser class of ``lang``, for the subcommands' parsers."""
    return type("Parser", (_Parser,), {"lang": lang})


def parser_in(lang: Lang, **kwargs: Any) -> argparse.ArgumentParser:
    """An ArgumentParser whose own texts are in ``lang``."""
    return sub_parser_class(lang)(**kwargs)


def say(lang: Lang, text: str, file: IO[str] | None = None) -> None:
    """Print ``text`` (a message, or text to print as it is) in ``lang``."""
    print(tr(text, lang), file=sys.stdout if file is None else file, flush=True)
