"""Chinese messages of the command line: see checklists._catalog_zh."""

MESSAGES: dict[str, str] = {
    "{count} problem found": "发现 {count} 个问题",
    "{count} problems found": "发现 {count} 个问题",
    "interrupted": "已中断",
    "Compose the four pre-inspection checklists for the units of a round.": "为一轮巡察的每个被巡察单位生成巡察前的四张清单。",
    "show the version and exit": "显示版本并退出",
    "the language of messages: zh or en (default: from the locale, LANG or LC_ALL)":
        "提示信息的语言：zh（中文）或 en（英文）；不写时按系统区域设置（LANG 或 LC_ALL）",
    # options shared by several commands
    "json: print the problems as a JSON list of {{code, severity, file, line, column, field, message, hint}} on "
    "standard output (an empty list when there are none)":
        "json：在标准输出以 JSON 列表输出发现的问题，每项含 {{code, severity, file, line, column, field, message, "
        "hint}}（没有问题时输出空列表）",
    "a library layer over the built-in one (repeatable, applied in order)": "叠加在内置内容库之上的内容层（可多次给出，按顺序叠加）",
    "folder to write into": "写入的文件夹",
    "replace the contents of a non-empty --out folder": "--out 文件夹不为空时，替换其中的内容",
    "replace FILE.xlsx if it exists": "FILE.xlsx 已存在时替换它",
    # the commands and their options
    "write the four checklists for every unit of a round": "为一轮巡察的每个单位写出四张清单",
    "comma-separated: json, yaml, md, html (a file per unit), docx (a booklet per unit and one for the round), xlsx "
    "(a workbook for the round), letters (a request letter per department), materials (资料需求清单 to each unit, a "
    "workbook per unit), talks (个别谈话提纲, a document per unit), survey (问卷调查和民主测评表, a document per "
    "unit); default: json,md,html,xlsx":
        "以英文逗号分隔，可选：json、yaml、md、html（每个单位一个文件）、docx（每个单位一册，另全轮一册）、xlsx（全轮一个"
        "工作簿）、letters（每个提供部门一份商请函）、materials（给每个单位的资料需求清单，每个单位一个工作簿）、talks（个别"
        "谈话提纲，每个单位一份文档）、survey（问卷调查和民主测评表，每个单位一份文档）；默认：json,md,html,xlsx",
    "marking printed on HTML pages and Word covers (密级/内部); default: the round's office's, else 内部资料 注意保存; "
    "'' for none":
        "印在 HTML 页面和 Word 封面上的标志（密级/内部）；默认用本轮巡察机构的设置，未设置的为“内部资料 注意保存”；"
        "写 '' 则不印",
    "write the round's record workbook (巡察台账) to fill in during and after it": "写出本轮的巡察台账工作簿，供巡察期间和巡察后填写",
    "findings of a round: import a filled ledger": "本轮的发现问题：导入已填写的台账",
    "read a filled ledger into a findings file (findings.yaml)": "将已填写的台账读入发现问题文件（findings.yaml）",
    "replace FINDINGS.yaml if it exists": "FINDINGS.yaml 已存在时替换它",
    "write a 问题底稿 per finding, a document per unit of the round": "每个发现问题写一份问题底稿，本轮每个单位一份文档",
    "check library layers, round files and unit files": "检查内容层、轮次文件和单位文件",
    "library folders (layered over the built-in one, in order) and round or unit files; none: the built-in library":
        "内容层文件夹（按顺序叠加在内置内容库之上）和轮次文件、单位文件；不写则检查内置内容库",
    "quality checks: near-identical items, orphan policies, unused entries": "质量检查：几乎相同的条目、无条目引用的政策条目、未被使用的目录项（调阅资料、检查方法等）",
    "why each item is in, or not in, a unit's pack": "说明每个条目为何列入或未列入某单位的清单",
    "items added, removed and changed between two packs, outputs or libraries":
        "两份清单、两次输出或两个内容库之间新增、删除和修改的条目",
    "a pack (.json), a folder of packs or a library layer": "一份清单（.json）、一个清单文件夹或一个内容层",
    "the same kind of thing as A": "与 A 同类",
    "what a revised document touches: items, unit types, packs written": "修订的文件涉及哪些内容：条目、单位类型、已生成的清单",
    "the id of any version of the document": "该文件任一版本的 id",
    "a folder of packs (generate --format json) to check for packs that cite it and were made by another library":
        "清单文件夹（generate --format json 所写），从中查找引用该文件、且由其他内容库生成的清单",
    "list unit types, their subtypes and attributes": "列出单位类型及其分类和属性",
    "make a new office layer to fill in, with examples and an Excel template": "新建一个待填写的本机构内容层，附示例和 Excel 模板",
    "the layer's name (default: from the folder's name)": "内容层的名称（默认取文件夹名）",
    "every item of the library as a workbook, a sheet per kind": "将内容库的全部条目导出为工作簿，每种清单一个工作表",
    "only the items the --library layers define, not the built-in ones (to edit and import back)":
        "只导出 --library 内容层定义的条目，不含内置条目（供修改后导回）",
    "read a workbook of items into a layer's fragment files": "将条目工作簿读入内容层的片段文件",
    "the layer folder (made if need be)": "内容层文件夹（不存在时新建）",
    "replace fragment files of the same groups": "替换同一分组的片段文件",
    "write the JSON Schemas": "写出 JSON Schema 文件",
    # what the commands print
    "ok: {layers} layer(s), {items} items, {files} file(s) checked":
        "检查通过：{layers} 个内容层，{items} 个条目，{files} 个文件",
    "ok: {items} items in {layers} layer(s), no lint problems": "检查通过：{layers} 个内容层共 {items} 个条目，未发现质量问题",
    "checklists explain: no unit '{unit}' in {round} (units: {known})":
        "checklists explain：{round} 中没有单位“{unit}”（现有单位：{known}）",
    "no such file or folder": "文件或文件夹不存在",
    "give two packs (.json), two output folders or two library layers": "请给出两份清单（.json）、两个输出文件夹或两个内容层",
    "one is a file and the other a folder": "一个是文件，另一个是文件夹",
    "{what}: {status}": "{what}：{status}",
    "added": "新增",
    "removed": "删除",
    "reached by no unit type's profile (programs, themes)": "无单位类型的画像包含（仅由监督项目、专项巡察主题列入）",
    "made the layer {folder} ({count} files); fill in its files, then: checklists validate {folder}":
        "已建立内容层 {folder}（{count} 个文件）；请填写其中的文件，然后运行：checklists validate {folder}",
    "wrote {count} items to {out}": "已将 {count} 个条目写入 {out}",
    "wrote {files} fragment file ({counts}) to {into}; check them with checklists validate {into}":
        "已将 {files} 个片段文件（{counts}）写入 {into}；请运行 checklists validate {into} 检查",
    "wrote {files} fragment files ({counts}) to {into}; check them with checklists validate {into}":
        "已将 {files} 个片段文件（{counts}）写入 {into}；请运行 checklists validate {into} 检查",
    "{title} ({versions})": "{title}（{versions}）",
    "{count} item(s) rest on it; unit types: {types}": "以该文件为依据的条目 {count} 个；涉及单位类型：{types}",
    "none": "无",
    "  {kind:<16} {item}  [{types}]  when: {condition}": "  {kind:<16} {item}  ［{types}］  适用条件：{condition}",
    "no type by profile": "无单位类型的画像包含",
    "not a folder": "不是文件夹",
    "give the folder generate --format json wrote": "请给出 generate --format json 写入的文件夹",
    "{count} pack(s) in {folder} cite it and were made by another library":
        "{folder} 中有 {count} 份清单引用该文件，且由其他内容库生成",
    "  {file}  ({unit} {name}; cites {cites}; made by {made_by})":
        "  {file}（{unit} {name}；引用 {cites}；生成所用内容库 {made_by}）",
    "{id}  {label}  (profile {profile})": "{id}  {label}（画像 {profile}）",
    "    attribute {name}: {type}{unit}{values}  {label}": "    属性 {name}：{type}{unit}{values}  {label}",
    ", in {unit}": "，单位 {unit}",
    ", one of: {values}": "，取值为 {values} 之一",
    "    subtype {id}  {label}: {rules}": "    分类 {id}  {label}：{rules}",
    "stated only": "无判定规则，由单位信息写明",
}
