"""Chinese messages: see checklists._catalog_zh."""

MESSAGES: dict[str, str] = {
    # checklists/_checks.py: what names what
    "unknown {what} '{value}'": "未知的{what}“{value}”",
    "did you mean '{close}'?": "是否应为“{close}”？",
    "define the {what} or fix the id": "请定义该{what}，或改正编号",
    "it was removed by {patch}": "已被 {patch} 删除",
    "item": "条目",
    "policy item": "政策条目",
    "unit type": "单位类型",
    "subtype": "分类",
    "attribute": "属性",
    "attribute of this unit type": "本单位类型的属性",
    "signal topic": "线索主题",
    "theme": "专项巡察主题",
    "program": "监督项目",
    "profile": "画像",
    "department": "提供部门",
    "material": "调阅资料",
    "group pattern '{pattern}' matches no group": "分组模式“{pattern}”未匹配任何分组",
    "check the group names": "请核对分组名称",
    "item '{id}': {field} is printed as written and cannot name parameters":
        "条目“{id}”：{field} 按原文印出，不能使用参数",
    "write the words themselves; a group's papers name the unit in their title":
        "请直接写出文字；巡察组文书的标题已写明被巡察单位",
    "item '{id}': {message}": "条目“{id}”：{message}",
    "basis '{basis}' is a {kind} item, not a policy item": "依据“{basis}”是 {kind} 条目，不是政策条目",
    "item '{id}' has {field} but its methods do not include {method}":
        "条目“{id}”写有 {field}，但其检查方法（methods）不含 {method}",
    "add {method} to methods, or remove {field}": "请在 methods 中加入 {method}，或删除 {field}",
    "a template item cannot be raised by signals": "模板条目不能由线索触发",
    "duplicate subtype '{id}'": "分类“{id}”重复",
    "section '{id}' has unknown parent '{parent}' in {kind}": "{kind} 中分节“{id}”的上级分节“{parent}”不存在",
    "section '{id}' nests under '{parent}', which is itself nested; two levels at most":
        "分节“{id}”嵌套在分节“{parent}”下，而后者本身已是下级分节；分节最多两级",
    "section '{section}' of {kind} item '{id}' is not defined in profile '{profile}' (used by unit type '{unit_type}')":
        "{kind} 条目“{id}”的分节“{section}”未在画像“{profile}”中定义（单位类型“{unit_type}”使用该画像）",
    "add the section to profile '{profile}' or choose one of: {sections}":
        "请在画像“{profile}”中增加该分节，或改用以下分节之一：{sections}",
    "a space stands between Chinese characters: '{text}'": "汉字之间有空格：“{text}”",
    "write the text on one line; YAML turns a line break in a folded text into a space":
        "请将文字写在一行内；YAML 折叠文本中的换行会变成空格",
    # checklists/lint.py: quality checks
    "item '{id}' says nearly the same as '{other}'": "条目“{id}”与“{other}”内容几乎相同",
    "merge the two items or make each say what only it checks": "请合并这两个条目，或使每个条目只写其独有的检查内容",
    "policy '{id}' is the basis of no problem item": "政策条目“{id}”未被任何问题条目作为依据",
    "cite it in the basis of the problems it supports, or remove it": "请在相关问题条目的 basis 中引用该条目，或将其删除",
    "policy '{id}' cites the same document as '{other}'": "政策条目“{id}”与“{other}”引用的是同一文件",
    "cite '{id}' instead of a second entry": "请引用“{id}”，不要重复登记",
    "material '{id}' is requested by no problem item": "调阅资料“{id}”未被任何问题条目调阅",
    "use it in an item's materials, or remove it": "请在条目的 materials 中使用，或将其删除",
    "signal topic '{id}' raises no item": "线索主题“{id}”未触发任何条目",
    "name it in an item's signals, or remove it": "请在条目的 signals 中引用，或将其删除",
    "policy '{id}' is superseded by '{successor}', but neither says when the change took effect":
        "政策条目“{id}”已被“{successor}”取代，但两者均未写明新旧版本交替的日期",
    "give the newer version's effective_from or issued date (or this one's effective_until)":
        "请写明新版本的 effective_from 或 issued 日期（或本版本的 effective_until）",
    "item '{id}' is checked by talks but has no questions": "条目“{id}”的检查方法含谈话，但没有谈话问题",
    "add interview: {example} so the talk outline (谈话提纲) can ask about it":
        "请增加 interview: {example}，以便谈话提纲列出相关问题",
    "item '{id}' is checked by survey but has no statement to rate": "条目“{id}”的检查方法含测评，但没有供测评的表述",
    "add survey: a statement respondents rate, for the 测评表": "请增加 survey：供测评表填写人评价的一句表述",
    "item '{id}': a question asks nothing: '{question}'": "条目“{id}”：问题未写成问句：“{question}”",
    "write each question as put to the person, with ？": "请按向谈话对象提问的口吻写每个问题，并以“？”结尾",
    "item '{id}': the survey statement is a question": "条目“{id}”：测评表述写成了问句",
    "write a statement respondents rate (好/较好/一般/差), e.g. 领导班子团结协作":
        "请写成供评价（好/较好/一般/差）的陈述句，如：领导班子团结协作",
    "policy '{id}' names {words} in its title but has no condition: it goes into the 政策清单 of every unit type its group reaches ({unit_types})":
        "政策条目“{id}”的标题含有“{words}”，但未设条件：将进入其分组覆盖的每个单位类型的政策清单（{unit_types}）",
    "add a condition such as when: {example}, or put it in a group only that type's profile includes (village.*)":
        "请增加条件，如 when: {example}；或将其放入只有该类单位画像包含的分组（如 village.*）",
}
