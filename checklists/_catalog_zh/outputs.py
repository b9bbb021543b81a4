"""Chinese messages: see checklists._catalog_zh."""

MESSAGES: dict[str, str] = {
    # checklists/output.py
    "output path is a file, not a folder": "输出路径是一个文件，不是文件夹",
    "choose a folder for --out": "请为 --out 指定一个文件夹",
    "output folder is not empty": "输出文件夹不是空的",
    "choose another folder, or add --force to replace its contents": "请另选文件夹，或加上 --force 替换其中的内容",
    "an output file name may not name a folder": "输出文件名不能指向文件夹",
    "two results would be written to the same file (file names that differ only in case are the same file on some systems)":
        "两项结果将写入同一个文件（在有的系统上，仅大小写不同的文件名是同一个文件）",
    "give the units distinct ids or names": "请为各单位设置不同的编号或名称",
    "check the folder's permissions, or choose another folder for {option}": "请检查该文件夹的权限，或为 {option} 另选文件夹",
    "the file system is read-only: choose another folder for {option}": "文件系统为只读：请为 {option} 另选文件夹",
    "free some disk space, or choose a folder on another disk": "请清理磁盘空间，或另选其他磁盘上的文件夹",
    "a file reached the size limit of this process or file system": "文件大小已达到本进程或文件系统的上限",
    "a part of the path is a file, not a folder: choose another folder for {option}":
        "路径中有一部分是文件而不是文件夹：请为 {option} 另选文件夹",
    "cannot write results: {reason}": "无法写入结果：{reason}",
    "check the path given to {option}": "请检查 {option} 给出的路径",
    # checklists/render/*.py
    "pip install 'checklists[office]'": "请安装：pip install 'checklists[office]'",
    "{what} needs the XlsxWriter package": "{what}需要安装 XlsxWriter 包",
    "the ledger": "巡察台账",
    "the library workbook": "内容库工作簿",
    "the materials list": "资料需求清单",
    "the Excel format": "Excel 格式",
    "pip install 'checklists[office]', or leave xlsx out of --format":
        "请安装：pip install 'checklists[office]'，或在 --format 中去掉 xlsx",
    "the Word format needs the python-docx package": "Word 格式需要安装 python-docx 包",
    "pip install 'checklists[office]', or leave docx out of --format":
        "请安装：pip install 'checklists[office]'，或在 --format 中去掉 docx",
    "a round booklet needs at least one unit": "汇编成册至少需要一个单位",
    "a ledger needs at least one unit": "巡察台账至少需要一个单位",
    # checklists/_round_commands.py
    "checklists generate: unknown format(s): {unknown}; choose from {known}":
        "checklists generate：未知的格式 {unknown}；可选：{known}",
    "(none)": "（无）",
    "{id} {name}: {counts}": "{id} {name}：{counts}",
    "  note: {message}": "  说明：{message}",
    "wrote {files} files for {units} units to {out}": "已为 {units} 个单位写出 {files} 个文件，保存于 {out}",
    "  note: the survey form leaves out {count} item(s) checked by survey that have no statement to rate ({items}); give them survey: in their layer":
        "  说明：问卷调查和民主测评表未收入 {count} 个以问卷调查方式检查但没有测评表述的条目（{items}）；请在其所在内容层中为其填写 survey:",
    "finding {finding} is of unit '{unit}', which is not in the round {round}":
        "发现问题 {finding} 属于单位“{unit}”，该单位不在轮次 {round} 中",
    "give the round the findings were made in, or correct the unit id": "请给出发现这些问题的轮次，或更正单位编号",
    "wrote {worksheets} (问题底稿) for {units} to {out}": "已为 {units}写出 {worksheets}，保存于 {out}",
    "{count} worksheet": "{count} 份问题底稿",
    "{count} worksheets": "{count} 份问题底稿",
    "{count} unit": "{count} 个单位",
    "{count} units": "{count} 个单位",
    "the file exists": "文件已存在",
    "choose another name, or add --force": "请另取文件名，或加上 --force",
    "wrote the ledger of {units} units, {rows} problem items, to {out}":
        "已写出 {units} 个单位、{rows} 个问题条目的巡察台账，保存于 {out}",
    "wrote 0 findings to {out}: no row of the ledger says 是 under 是否发现问题 or states a problem under 问题表述 (fill those in as the group finds problems)":
        "已向 {out} 写入 0 个发现问题：台账中没有一行在“是否发现问题”下填“是”或在“问题表述”下写明问题（巡察组发现问题后请填写这两列）",
    "wrote {count} findings ({statuses}) to {out}": "已向 {out} 写入 {count} 个发现问题（{statuses}）",
    "it is not an .xlsx workbook": "不是 .xlsx 工作簿",
}
