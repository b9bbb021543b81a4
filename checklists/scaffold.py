"""A new office layer, ready to fill in (``checklists init``): its library.yaml, a fragment file per
kind and a changes file, each with no items yet and a worked example in comments, a README in
Chinese, and the item workbook template for people who write in Excel. The layer validates as made;
nothing in it changes a list until an author adds items.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import _resources
from .errors import Location, OutputError, Problem
from .i18n import t
from .output import os_error, write_file

__all__ = ["FILES", "init_layer"]

_NOT_ID = re.compile(r"[^a-z0-9_.-]+")

FILES: dict[str, tuple[str, str]] = {
    "policy/local.yaml": ("fragment", """\
# 政策清单条目：本地文件。只引用确认存在的文件，文号、日期不能确认的不写。
# 注意：放在 common.* 组又不写条件的文件，会列入所有类型单位的政策清单。只适用于村的文件，
# 像下面这样写 when，或放进 village.* 组。
kind: policy
group: village.local_documents
section: local_rules
when: {types: [village]}
items: []
# 填写示例（去掉行首的 # 并改成本地实际）：
#  - id: county.doc.village_finance
#    text: 规定村级财务审批权限和公开要求。
#    citation: {title: 《（文件全称）》, issuer: （发文机关）, year: 2024}
"""),
    "function/local.yaml": ("fragment", """\
# 职能清单条目：某类单位典型的职能、内设机构、下属单位。单位自己的三定内容写在单位文件中。
kind: function
group: village.local_functions
section: main_functions
items: []
# 填写示例：
#  - id: county.fn.village.grid
#    text: 组织开展网格化管理，落实网格员日常巡查和信息报送。
"""),
    "supervision_info/local.yaml": ("fragment", """\
# 综合监督信息清单条目：巡察前向有关部门商请提供的情况。department 用内容库中的部门编号。
kind: supervision_info
group: village.local_requests
section: petition
items: []
# 填写示例：
#  - id: county.si.village.petitions
#    department: petition_bureau
#    text: "{unit.name}的信访件及办理情况。"
#    period: "{review.period}"
"""),
    "problem/local.yaml": ("fragment", """\
# 问题清单条目：本地巡察反复发现的问题。依据写政策条目编号，调阅资料写内容库中的资料编号。
kind: problem
group: village.local
section: village_sanzi
items: []
# 填写示例：
#  - id: county.village.approval
#    text: 村级5000元以上支出是否按县规定经乡镇审核，有无拆分支出规避审核。
#    basis: [rule.village.collective_finance]
#    materials: [financial_books]
#    methods: [document_review, interview]
#    interview:
#      ask: [leadership, staff]
#      questions:
#        - 村里大额支出是怎么审批的？有没有把一笔支出拆成几笔报销的？
"""),
    "changes/local.yaml": ("changes", """\
# 对内置条目的修改（patch）和删除（remove），每一处都记入条目的来源。
changes: []
# 填写示例：
#  - {op: patch, item: common.conduct.formalism, set: {methods: [interview, survey]}, reason: （原因）}
#  - {op: remove, item: village.sanzi.debt, reason: （原因）}
"""),
}

README = """\
# {name}：本办内容层

本目录是 checklists 的一个内容层，叠加在内置内容库之上：在这里增加本地的文件和问题、修改或删除不适用的
内置条目，内置内容不受影响。编写方法见 checklists 项目的 docs/zh/编写指南.md。

## 文件

| 文件 | 内容 |
|---|---|
| library.yaml | 本层的名称、版本和说明 |
| policy/local.yaml | 政策清单条目（本地文件） |
| function/local.yaml | 职能清单条目 |
| supervision_info/local.yaml | 综合监督信息清单条目 |
| problem/local.yaml | 问题清单条目 |
| changes/local.yaml | 对内置条目的修改和删除 |
| 条目模板.xlsx | 在 Excel 中填写条目用的模板 |

各文件目前没有条目（items: []），文件末尾的注释是填写示例。

## 常用命令

```sh
checklists validate {folder}                      # 检查本层，每个问题注明文件、行、列
checklists lint --library {folder}                # 质量检查
checklists generate 轮次.yaml --library {folder} --out 输出目录
checklists export-library --library {folder} --only-layers --out 本层条目.xlsx
checklists import-items 条目模板.xlsx --into {folder}
```
"""


def layer_name(folder: Path) -> str:
    """A layer name from the folder's name: lower case, with what an id may not hold made '-'."""
    name = _NOT_ID.sub("-", folder.resolve().name.lower()).strip("-._")
    return name if name and name[0].isalnum() else "office"


def init_layer(folder: Path, name: str | None = None) -> list[Path]:
    """Make the layer ``folder`` (which must not hold files yet); the files written."""
    from .library import load_library
    from .render.library_out import render

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(Problem(Location(str(folder)), t("the folder exists and is not empty"),
                                  hint=t("give a new folder for the layer"), code="output.not-empty"))
    name = name or layer_name(folder)
    schemas = _resources.data_dir("schemas")
    written: list[Path] = []

    def put(rel: str, text: str | bytes) -> None:
        path = folder / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a folder that cannot be made here
            raise os_error(exc, path.parent, option="DIR") from None
        write_file(path, text, option="DIR")
        written.append(path)

    put("library.yaml", f'name: {name}\nversion: "1"\ndescription: 本办内容层\n')
    for rel, (schema, text) in FILES.items():
        put(rel, f"# yaml-language-server: $schema={(schemas / f'{schema}.schema.json').as_posix()}\n{text}")
    put("README.md", README.format(name=name, folder=folder.as_posix()))
    put("条目模板.xlsx", render(load_library(), layers=()))
    return written
