"""Office outputs: HTML pages and the Excel workbook hold exactly the pack; writes are atomic."""

from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import checklists
import checklists.render.tables
from checklists.cli import main
from checklists.errors import OutputError
from checklists.models.common import KIND_TITLES, KINDS
from checklists.output import AtomicFolder, Progress
from checklists.render import html_out, xlsx_out

from .conftest import EXAMPLE_ROUND


@pytest.fixture(scope="module")
def packs() -> list[checklists.Pack]:
    return checklists.load_library().generate_round(EXAMPLE_ROUND)


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.tables: list[dict[str, int]] = []
        self._in_h2 = False
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")
        if tag == "table":
            self.tables.append({"thead": 0, "items": 0, "sections": 0})
        if tag == "thead":
            self.tables[-1]["thead"] += 1
        if tag == "tr" and self.tables:
            if "section" in (found.get("class") or ""):
                self.tables[-1]["sections"] += 1
            elif found.get("id"):
                self.tables[-1]["items"] += 1
        for name in ("src", "href"):
            if found.get(name):
                self.links.append(str(found[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2[-1] += data


def test_html_page_holds_every_item_once(packs: list[checklists.Pack]) -> None:
    for pack in packs:
        page = html_out.render(pack)
        parsed = _Tables()
        parsed.feed(page)
        assert parsed.h2 == ["一、政策清单", "二、职能清单", "三、综合监督信息清单", "四、问题清单", "附：调阅资料清单",
                             *(["附：线索及对应条目"] if pack.leads else [])]
        lists = parsed.tables[:4]
        for kind, table in zip(KINDS, lists, strict=True):
            assert table["thead"] == 1
            assert table["items"] == len(pack.checklist(kind).items)
            assert table["sections"] == len(pack.checklist(kind).sections)
        assert parsed.links == []  # self-contained: nothing to fetch
        assert "仿宋_GB2312" in page and "方正小标宋简体" in page and "黑体" in page
        assert "thead { display: table-header-group; }" in page and "break-before: page" in page


def test_html_escapes_unit_text(packs: list[checklists.Pack]) -> None:
    pack = packs[0].model_copy(update={"unit": packs[0].unit.model_copy(update={"name": "<script>x</script>村"})})
    page = html_out.render(pack)
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;村" in page


def test_workbook_sheets_rows_and_types(packs: list[checklists.Pack]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_out.render(packs)))
    assert book.sheetnames == ["汇总", *(KIND_TITLES[k] for k in KINDS), "线索"]  # two example units have leads
    assert book["线索"].max_row - 1 == sum(len(p.leads) for p in packs)
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert [r[0] for r in summary[1:]] == [p.unit.id for p in packs]
    first = summary[1]
    assert isinstance(first[4], dt.datetime) and first[4].date() == packs[0].round.start
    assert first[5:9] == tuple(len(packs[0].checklist(k).items) for k in KINDS)
    for kind in KINDS:
        ws = book[KIND_TITLES[kind]]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == ws.dimensions
        assert ws.max_row - 1 == sum(len(p.checklist(kind).items) for p in packs)
        assert ws["A1"].font.name == "黑体" and ws["A2"].font.name == "仿宋_GB2312"
        assert ws["F2"].alignment.wrap_text
    policy = book[KIND_TITLES["policy"]]
    assert policy["I1"].value == "年份"
    years = [row[8] for row in policy.iter_rows(min_row=2, values_only=True) if row[8] is not None]
    assert years and all(isinstance(y, int) for y in years)


def test_workbook_never_turns_text_into_a_formula() -> None:
    lib = checklists.load_library()
    hostile = '=HYPERLINK("http://example.invalid","点此")'
    pack = lib.generate({"id": "x", "name": hostile, "type": "village"},
                        {"id": "r", "name": "轮次", "start": "2026-03-01"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_out.render([pack])))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
    assert any(isinstance(c.value, str) and hostile in c.value and c.value != hostile  # in longer texts too
               for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_workbook_keeps_text_that_looks_like_a_number_or_a_link_as_text() -> None:
    lib = checklists.load_library()
    names = {"u1": "00123", "u2": "http://example.invalid/村"}
    packs = [lib.generate({"id": uid, "name": name, "type": "village"},
                          {"id": "r", "name": "轮次", "start": "2026-03-01"}) for uid, name in names.items()]
    summary = openpyxl.load_workbook(io.BytesIO(xlsx_out.render(packs)))["汇总"]
    cells = {row[0].value: row[1] for row in summary.iter_rows(min_row=2)}
    assert {uid: cell.value for uid, cell in cells.items()} == names  # "00123" keeps its zeros
    assert all(cell.data_type == "s" and cell.hyperlink is None for cell in cells.values())


def test_without_the_office_extra_the_workbook_is_refused_with_a_hint(
        packs: list[checklists.Pack], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # as if it were not installed
    with pytest.raises(OutputError, match=r"needs the XlsxWriter package \(pip install 'checklists\[office\]'"):
        xlsx_out.render(packs)
    assert main(["generate", str(EXAMPLE_ROUND), "--out", str(tmp_path / "out"), "--format", "json,xlsx"]) == 1
    assert "xlsx: the Excel format needs the XlsxWriter package" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_atomic_folder_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with pytest.raises(RuntimeError), AtomicFolder(target) as folder:
        folder.write("a.json", "{}")
        raise RuntimeError("renderer failed")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_atomic_folder_refuses_then_replaces_with_force(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    with pytest.raises(OutputError) as info, AtomicFolder(target) as folder:
        folder.write("new.txt", "new")
    assert "output folder is not empty" in str(info.value)
    assert (target / "old.txt").exists()
    with AtomicFolder(target, force=True) as folder:
        folder.write("new.txt", "new")
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_interrupted_generate_leaves_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import checklists.render.markdown as markdown

    calls = {"n": 0}
    real = markdown.render

    def interrupt_on_third(pack: checklists.Pack) -> str:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(pack)

    monkeypatch.setitem(__import__("checklists.render", fromlist=["RENDERERS"]).RENDERERS, "md",
                        (".md", interrupt_on_third))
    code = main(["generate", str(EXAMPLE_ROUND), "--out", str(tmp_path / "out"), "--format", "json,md"])
    assert code == 130
    assert list(tmp_path.iterdir()) == []


def test_progress_is_quiet_off_a_terminal_and_draws_on_one() -> None:
    quiet = io.StringIO()
    bar = Progress(3, quiet)
    for name in "abc":
        bar.step(name)
    assert quiet.getvalue() == ""

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    loud = Tty()
    bar = Progress(2, loud)
    bar.enabled = True  # CI may be set in the environment running the tests
    bar.step("张庄村")
    assert "[###############               ] 1/2 张庄村" in loud.getvalue()


def _screen(written: str) -> list[str]:
    """The lines a terminal shows after ``written`` (a carriage return goes back to the line's
    start, and what follows overwrites it)."""
    lines = [""]
    column = 0
    for char in written:
        if char == "\n":
            lines.append("")
            column = 0
        elif char == "\r":
            column = 0
        else:
            line = lines[-1]
            lines[-1] = line[:column] + char + line[column + 1:]
            column += 1
    return [line.rstrip() for line in lines]


def test_progress_redraws_in_place_below_the_printed_lines() -> None:
    class Terminal(io.StringIO):  # stdout and stderr both go to the one screen
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = Progress(3, screen, screen)
    bar.enabled = True
    for name in ("张庄村", "李洼村", "县医院"):
        bar.echo(f"{name}: 问题清单 80")
        bar.echo("  note: 线索未对应")
        bar.step(name)
        shown = _screen(screen.getvalue())
        assert shown[-1].startswith("[") or shown[-1] == ""  # the bar, alone on the last line
        assert all(not line.startswith("[") for line in shown[:-1])  # never left behind or run into
    assert _screen(screen.getvalue()) == ["张庄村: 问题清单 80", "  note: 线索未对应", "李洼村: 问题清单 80",
                                          "  note: 线索未对应", "县医院: 问题清单 80", "  note: 线索未对应", ""]


def _contents(document: Any) -> list[tuple[str, str]]:
    """The table of contents' entries: (text, bookmark its page reference points to)."""
    found = []
    for paragraph in document.paragraphs:
        xml = paragraph._p.xml
        if "PAGEREF" in xml:
            mark = xml.split("PAGEREF ")[1].split(" ")[0]
            found.append((paragraph.text.rstrip(), mark))
    return found


def _headings(document: Any) -> dict[str, str]:
    """Bookmark name -> heading text, for every bookmarked heading."""
    from docx.oxml.ns import qn

    found = {}
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            for mark in paragraph._p.iter(qn("w:bookmarkStart")):
                found[mark.get(qn("w:name"))] = paragraph.text
    return found


def test_word_booklet_structure(packs: list[checklists.Pack]) -> None:
    import docx
    from docx.oxml.ns import qn

    from checklists.render.docx_out import unit_booklet

    pack = packs[0]
    document = docx.Document(io.BytesIO(unit_booklet(pack, "内部资料")))
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(size.cm, 1) if size is not None else None for size in sizes] == [21.0, 29.7, 3.7, 3.5, 2.8, 2.6]
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert "PAGE" in section.footer._element.xml
    tables = document.tables
    assert pack.leads  # 张庄村 has a petition signal: its booklet ends with the 线索 table
    assert len(tables) == 6
    assert [c.text for c in tables[5].rows[0].cells] == list(checklists.render.tables.LEAD_COLUMNS)
    assert len(tables[5].rows) == 1 + len(pack.leads)
    for kind, table in zip(KINDS, tables[:4], strict=True):
        checklist = pack.checklist(kind)
        assert len(table.rows) == 1 + len(checklist.sections) + len(checklist.items)
        row_properties = table.rows[0]._tr.trPr
        assert row_properties is not None and row_properties.find(qn("w:tblHeader")) is not None  # on every page
        assert [c.text for c in table.rows[0].cells][:2] == ["序号", checklists.render.tables.COLUMNS[kind][1]]
    problem_texts = {row.cells[1].text for row in tables[3].rows}
    assert all(any(t.startswith(i.text) for t in problem_texts) for i in pack.problem.items)
    assert len(tables[4].rows) == 1 + len(pack.materials)
    assert document.paragraphs[0].text == "内部资料"
    # the contents: one entry per list, each referring to the page of its own heading
    headings = _headings(document)
    entries = _contents(document)
    assert [text for text, _ in entries] == ["一、政策清单", "二、职能清单", "三、综合监督信息清单", "四、问题清单",
                                             "五、调阅资料清单", "六、线索及对应条目"]
    assert all(headings[mark] == text for text, mark in entries)


def test_word_names_font_substitutes(packs: list[checklists.Pack]) -> None:
    import zipfile

    from checklists.render.docx_out import unit_booklet
    from checklists.render.tables import FONT_FALLBACKS

    with zipfile.ZipFile(io.BytesIO(unit_booklet(packs[0]))) as archive:
        table = archive.read("word/fontTable.xml").decode()
    for font, fallbacks in FONT_FALLBACKS.items():
        entry = table.split(f'w:name="{font}"')[1].split("</w:font>")[0]
        assert f'w:altName w:val="{",".join(fallbacks)}"' in entry
        assert 'w:charset w:val="86"' in entry  # GB2312, so Word substitutes a Chinese font


def test_round_booklet_has_one_cover_and_contents_by_unit(packs: list[checklists.Pack]) -> None:
    import docx

    from checklists.render.docx_out import round_booklet

    whole = docx.Document(io.BytesIO(round_booklet(packs, "")))
    assert len(whole.tables) == 5 * len(packs) + sum(1 for p in packs if p.leads)
    assert sum(p.style is not None and p.style.name == "Title" for p in whole.paragraphs) == 1
    assert whole.paragraphs[4].text == "县委2026年第一轮巡察清单汇编"
    entries = _contents(whole)
    units = [text for text, _ in entries if not text.startswith("（")]
    assert units == ["一、张庄村", "二、李洼村", "三、县人民医院", "四、县城市建设投资集团有限公司"]
    assert len(entries) == len(packs) * 6 + sum(1 for p in packs if p.leads)
    assert entries[1][0] == "（一）政策清单"
    headings = _headings(whole)
    assert all(headings[mark] == text for text, mark in entries)
    with pytest.raises(OutputError, match="at least one unit"):
        round_booklet([])


def test_request_letters(packs: list[checklists.Pack]) -> None:
    import docx

    from checklists.render._wordml import LETTER_PT
    from checklists.render.docx_out import request_letters

    letters = request_letters(packs)
    expected = {r.label for p in packs for r in p.requests}
    assert set(letters) == expected
    letter = docx.Document(io.BytesIO(letters["纪委监委"]))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert text.startswith("关于商请提供县委2026年第一轮巡察被巡察单位有关情况的函\n\n纪委监委：")
    assert "并于2026年2月20日前将书面材料" in text  # the round's requests_due
    body = [p for p in letter.paragraphs if p.text.startswith("根据巡察工作安排")]
    assert body[0].paragraph_format.first_line_indent.pt == 2 * LETTER_PT
    for pack in packs:
        asked = next(r for r in pack.requests if r.department == "discipline_commission")
        texts = {i.id: i.text for i in pack.supervision_info.items}
        assert pack.unit.name in text
        assert all(texts[i].rstrip("。") in text for i in asked.items)
    # the example round's office signs and gives its contact
    assert "联系人：王××　联系电话：0000-1234567" in text
    assert text.rstrip().endswith("中共××县委巡察工作领导小组办公室\n　　年　　月　　日")
    undated = [p.model_copy(update={"round": p.round.model_copy(update={"requests_due": None, "office": None})})
               for p in packs]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(request_letters(undated)["纪委监委"])).paragraphs)
    assert "并于　　年　月　日前" in text
    assert "（落款单位）" in text  # no office: blanks to fill in


def test_fast_rows_and_paragraphs_are_the_xml_python_docx_writes() -> None:
    """The booklets' rows and the letters' paragraphs are written as text for speed; they must be
    exactly what python-docx's own calls make, so that the pages look as they did."""
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's dependency, without stubs

    from checklists.render import _wordml, docx_out
    from checklists.render.tables import BODY_FONT, HEADING_FONT

    values = [(1, "文本<&>“引号”"), (2, None), (3, " 两端有空格 "), (4, "甲\t乙\n丙")]
    widths = (8, 92)
    document = docx_out._new_document()
    fast = _wordml._Rows(docx_out._table(document, ("序号", "内容"), widths), widths)
    for row in values:
        fast.add(row)
    fast.heading("一、标题")
    fast.flush()
    slow = docx_out._table(document, ("序号", "内容"), widths)
    for row in values:  # as the booklets wrote each row before
        made = slow.add_row()
        docx_out._row_property(made, "w:cantSplit")
        for cell, value, width in zip(made.cells, row, widths, strict=True):
            cell.width = Cm(_wordml.USABLE_CM * width / 100)
            docx_out._font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT,
                           _wordml.TABLE_PT)
    merged = slow.add_row().cells
    cell = merged[0].merge(merged[-1])
    docx_out._font(cell.paragraphs[0].add_run("一、标题"), HEADING_FONT, _wordml.TABLE_PT)
    first, second = document.tables[-2]._tbl, document.tables[-1]._tbl
    assert [etree.tostring(r) for r in first.tr_lst] == [etree.tostring(r) for r in second.tr_lst]

    letter = docx_out._new_document(_wordml.LETTER_PT, docx_out.LETTER_LINE_PT)
    body = _wordml._Paragraphs(letter)
    body.indented("一、张庄村", HEADING_FONT)
    body.indented("1. 某事（期间）。")
    body.flush()
    heading = letter.add_paragraph()
    heading.paragraph_format.first_line_indent = Pt(2 * _wordml.LETTER_PT)
    docx_out._font(heading.add_run("一、张庄村"), HEADING_FONT, _wordml.LETTER_PT)
    letter.add_paragraph("1. 某事（期间）。").paragraph_format.first_line_indent = Pt(2 * _wordml.LETTER_PT)
    paragraphs = letter.element.body.findall(qn("w:p"))[-4:]
    assert [etree.tostring(p) for p in paragraphs[:2]] == [etree.tostring(p) for p in paragraphs[2:]]


def test_style_ids_set_directly_are_those_python_docx_finds() -> None:
    from checklists.render import docx_out

    document = docx_out._new_document()
    for name, style_id in docx_out._STYLE_IDS.items():
        assert document.styles[name].style_id == style_id


def test_a_streamed_booklet_is_the_same_document(packs: list[checklists.Pack]) -> None:
    """The round's booklet keeps its rows as text until it is written; the XML must be what adding
    them as elements gives."""
    import zipfile

    from checklists.render import _wordml, docx_out

    def booklet(deferred: list[bytes] | None) -> bytes:
        document = docx_out._new_document()
        contents = docx_out._Contents(document)
        contents.place()
        for pack in packs:
            docx_out._lists(document, contents, pack, level=2, deferred=deferred)
        contents.fill()
        return _wordml._streamed(document, deferred) if deferred is not None else docx_out._save(document)

    streamed, built = booklet([]), booklet(None)
    parts = [zipfile.ZipFile(io.BytesIO(b)) for b in (streamed, built)]
    assert parts[0].namelist() == parts[1].namelist()
    for name in parts[0].namelist():
        assert parts[0].read(name) == parts[1].read(name), name
    assert b"checklists-rows" not in parts[0].read("word/document.xml")


def test_office_settings_inline_from_a_file_and_the_marking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from checklists.cli import main
    from checklists.render.html_out import render as html_page

    lib = checklists.load_library()
    unit = {"id": "zz", "name": "张庄村", "type": "village"}
    office = {"name": "某县委巡察办", "marking": "秘密"}
    pack = lib.generate(unit, {"id": "r", "name": "第一轮", "start": "2026-03-01", "office": office})
    assert pack.round.office is not None and pack.round.office.name == "某县委巡察办"
    assert '<p class="marking">秘密</p>' in html_page(pack)
    assert '<p class="marking">内部</p>' in html_page(pack, "内部")  # the caller's marking wins
    assert 'class="marking"' not in html_page(pack, "")
    # a round file names a settings file relative to itself
    (tmp_path / "office.yaml").write_text("name: 某县委巡察办\ncontact: 李某\n", encoding="utf-8")
    round_file = tmp_path / "round.yaml"
    round_file.write_text("id: r\nname: 第一轮\nstart: 2026-03-01\noffice_file: office.yaml\n"
                          "units: [{id: zz, name: 张庄村, type: village}]\n", encoding="utf-8")
    assert lib.generate_round(round_file)[0].round.office.contact == "李某"  # type: ignore[union-attr]
    # both, a file outside the folder, and a typo are located errors
    for extra, code in (("office: {name: 甲}\n", "round.office-twice"), ("", "round.office-file-refused")):
        text = round_file.read_text(encoding="utf-8") + extra
        if not extra:
            text = text.replace("office_file: office.yaml", "office_file: ../office.yaml")
        (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(checklists.ChecklistsError) as caught:
            lib.generate_round(tmp_path / "bad.yaml")
        assert [p.code for p in caught.value.problems] == [code]
        assert caught.value.problems[0].location.file.endswith("bad.yaml")
    (tmp_path / "office.yaml").write_text("name: 某县委巡察办\ncontakt: 李某\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "office.yaml")]) == 1
    assert "office.yaml:2:1: contakt: unknown key 'contakt' (did you mean 'contact'?)" in capsys.readouterr().err
