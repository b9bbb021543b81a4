"""Chinese messages: see checklists._catalog_zh."""

MESSAGES: dict[str, str] = {
    # resolve: composing a pack
    "workers is a whole number of at least 1, not {value}": "workers 应为不小于 1 的整数，不能是 {value}",
    "pass workers=1, or more on a free-threaded interpreter": "请传 workers=1；仅在自由线程（无 GIL）的解释器上可传更大的数",
    "the unit has {count} unrectified previous finding(s) but profile '{profile}' reaches no previous_finding template item":
        "本单位有 {count} 个未整改完成的上轮发现问题，但画像“{profile}”未涉及 previous_finding 模板条目",
    "the unit has {count} unrectified previous finding(s) but profile '{profile}' reaches no previous_finding template item in force on {date} (template {item}: {why})":
        "本单位有 {count} 个未整改完成的上轮发现问题，但画像“{profile}”涉及的 previous_finding 模板条目在 {date} 均不适用（模板 {item}：{why}）",
    "give the template a basis in force on the round's date": "请为该模板条目补充在本轮巡察开始日有效的依据",
    "add a problem item with 'template: previous_finding' to a group the profile includes":
        "请在画像包含的分组中增加一个写明“template: previous_finding”的问题清单条目",
    "template: one item is made from it for each unrectified previous finding": "模板条目：每个未整改完成的上轮发现问题据此生成一个条目",
    "template: one item is made from it for each rectified finding drawn for 反向核查":
        "模板条目：抽取作反向核查的每个已整改问题据此生成一个条目",
    "the unit gives its own {section} (三定 data), which replace the typical list":
        "本单位已填报自己的 {section}（三定数据），取代通用清单",
    "condition fails: {clause}": "不满足条件：{clause}",
    "signal {topic} adds it": "线索 {topic} 增列",
    # _plan: what a profile, the round's programs and theme reach
    "profile {id}": "画像 {id}",
    "program {id}": "监督项目 {id}",
    "theme {id}": "专项巡察主题 {id}",
    "{who} includes group {group} ({pattern})": "{who} 包含分组 {group}（{pattern}）",
    "{who} includes item {id}": "{who} 包含条目 {id}",
    "{rule} (which does not apply to this unit)": "{rule}（该监督项目不适用于本单位）",
    "profile {profile} excludes item {id}": "画像 {profile} 排除了条目 {id}",
    "profile {profile} excludes group {group} ({pattern})": "画像 {profile} 排除了分组 {group}（{pattern}）",
    "belongs to program {ids} ({labels}), which the round carries out but which does not apply to this unit: its scope is {scope}":
        "属于监督项目 {ids}（{labels}），本轮开展该项目，但其不适用于本单位：适用范围为{scope}",
    "belongs to programs [{programs}], none carried out in this round (round programs: {round_programs})":
        "属于监督项目［{programs}］，本轮均未开展（本轮监督项目：{round_programs}）",
    "not in force on {date}; the version in force is {current}": "{date} 时不在有效期内；有效的版本为 {current}",
    "not in force on {date}; no version is in force": "{date} 时不在有效期内；没有有效的版本",
    "no document of its basis is in force on {date}: {why}": "其依据的文件在 {date} 均不在有效期内：{why}",
    "{first}; {then}": "{first}；{then}",
    "{title} ({id}) counts from {date}": "{title}（{id}）自 {date} 起施行",
    "{title} ({id}) ended on {date}": "{title}（{id}）已于 {date} 失效",
    "{title} ({id}) is not in force": "{title}（{id}）不在有效期内",
    # _drafts: items made for the unit
    "the unit's own data": "本单位填报的数据",
    "previous finding {id} ({status}) in {where}, from template {item}":
        "上轮发现问题 {id}（{status}，见 {where}），由模板条目 {item} 生成",
    "basis of {id}": "条目 {id} 的依据",
    "no policy in its basis is in force on {date}": "其依据中没有在 {date} 有效的政策",
    "add the version in force to the basis": "请在依据中增加有效的版本",
    "section '{section}' of {kind} item '{id}' is not defined in profile '{profile}' (the item is here because {rule})":
        "{kind} 条目“{id}”的分节“{section}”未在画像“{profile}”中定义（列入该条目的原因：{rule}）",
    "add the section to the profile, or use one of: {known}": "请在画像中定义该分节，或改用以下分节之一：{known}",
    # _skeleton
    "{kind} sections {sections} are not defined in the profile": "{kind} 清单的分节 {sections} 未在画像中定义",
    "define them in the profile": "请在画像中定义这些分节",
    # explain
    "IN  {item}  [{where}]": "列入 {item}  [{where}]",
    "OUT {item}  [{where}]": "未列入 {item}  [{where}]",
    "rule: {rule}": "规则：{rule}",
    "condition: {condition}": "条件：{condition}",
    "not included: {reason}": "未列入原因：{reason}",
    "unit {unit}: profile {profile}; subtypes: {subtypes}": "单位 {unit}：画像 {profile}；分类：{subtypes}",
    "note: {note}": "说明：{note}",
    "item is an item id (text) or None, not {value}": "item 应为条目编号（文本）或 None，不能是 {value}",
    "removed by the layer change at {where}": "已被 {where} 处的内容层变更删除",
    "no item '{id}' in the library": "条目库中没有条目“{id}”",
    "give an item id as it stands in the library": "请按条目库中的写法填写条目编号",
    "its group {group} is not included by profile {profile}, by the round's programs or by its theme":
        "其所在分组 {group} 未被画像 {profile}、本轮监督项目或专项巡察主题包含",
    "not reached": "未纳入范围",
    # diff
    "cannot read the pack: {error}": "无法读取清单包：{error}",
    "give a .json file that checklists generate --format json wrote": "请提供由 checklists generate --format json 生成的 .json 文件",
    "the file is not a pack (it needs a 'unit' and four lists of items with ids)":
        "该文件不是清单包（应含“unit”和四张带条目编号的清单）",
    "a second pack of unit '{unit}' (the first is {first})": "单位“{unit}”的第二个清单包（第一个为 {first}）",
    "compare folders of one round each": "请比较各自只含一轮巡察的两个文件夹",
    "the folder holds no pack": "该文件夹中没有清单包",
    "give folders that checklists generate --format json wrote": "请提供由 checklists generate --format json 生成的文件夹",
    "{count} added": "新增 {count} 项",
    "{count} removed": "删除 {count} 项",
    "{count} changed": "修改 {count} 项",
    "no differences": "无差异",
    "before: {text}": "修改前：{text}",
    "after:  {text}": "修改后：{text}",
    # impact
    "no policy item '{id}'": "没有政策条目“{id}”",
    "give the id of a policy item (checklists explain shows the ids in a pack)":
        "请填写政策条目的编号，可用 checklists explain 查看清单包中的编号",
}
