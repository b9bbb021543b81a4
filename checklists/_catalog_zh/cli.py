"""Chinese messages of the command line: see checklists._catalog_zh."""

MESSAGES: dict[str, str] = {
    "{count} problem found": "发现 {count} 个问题",
    "{count} problems found": "发现 {count} 个问题",
    "interrupted": "已中断",
    "Compose the four pre-inspection checklists for the units of a round.": "为一轮巡察的每个被巡察单位生成巡察前的四张清单。",
    "show the version and exit": "显示版本并退出",
    "the language of messages: zh or en (default: from the locale, LANG or LC_ALL)":
        "提示信息的语言：zh（中文）或 en（英文）；不写时按系统区域设置（LANG 或 LC_ALL）",
}
