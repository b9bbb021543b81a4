"""Chinese descriptions for the JSON Schemas, so that an editor shows them on hover: each English
description of the models (their docstrings and field descriptions) with its Chinese. A test fails
when a description has none, so a new field cannot ship without one."""

ZH: dict[str, str] = {
    'An article of one version of a regulation or law, confirmed in its text.':
        "某一版本党内法规或法律中的一个条款，须经核对原文确认。",
    'The policy item of that version, e.g. reg.discipline.2023.':
        "该版本对应的政策清单条目，如 reg.discipline.2023。",
    'An article as the text numbers it: 第一百零一条, 第三十条第二款.':
        "按原文编号书写的条款，如第一百零一条、第三十条第二款。",
    'A comparison of one unit attribute; every operator given must hold.':
        "对单位某一属性的判断；所写的各个比较条件须同时满足。",
    'How a policy document is cited: exact title with 《》, issuer, year, 文号 where certain, and\nthe dates that decide which version a round cites.':
        "政策文件的引用信息：带《》的准确标题、发文机关、年份、文号（确定无误时才填），"
        "以及决定某轮巡察引用哪一版本的各项日期。",
    "The document's exact title, with 《》.":
        "文件的准确标题，带《》。",
    '发文机关, e.g. 中共中央办公厅.':
        "发文机关，如中共中央办公厅。",
    'Year issued or last revised.':
        "发布年份，或最近一次修订的年份。",
    '文号, only where certain.':
        "文号，确定无误时才填写。",
    'Date issued (发布/印发), where known.':
        "发布/印发日期，已知时填写。",
    'In force from this date; defaults to the date issued.':
        "自该日起施行；不填的，以发布日期为准。",
    'No longer in force from this date (exclusive).':
        "自该日起失效（该日已不再有效）。",
    "A stable id: lower-case ASCII letters, digits, '_', '.', '-'.":
        "固定不变的编号（id），只能由小写英文字母、数字和 '_'、'.'、'-' 组成。",
    'The policy item that replaced this version.':
        "取代本版本的政策清单条目。",
    "Where something applies. Every key given must hold (they are joined by 'and').\n\nConditions are data: they are checked against a schema and evaluated by the\nlibrary, never run as code.":
        "适用条件。所写的各项须同时满足（相互之间为“且”的关系）。\n\n"
        "条件只是数据：由本库对照格式校验后作出判断，不会作为代码运行。",
    "The unit's type is one of these.":
        "单位类型为其中之一。",
    'The unit has at least one of these subtypes.':
        "单位至少属于其中一个分类。",
    "Each named attribute passes its test; a plain value means 'equals'.":
        "所列各属性均符合各自的判断条件；直接写一个值的，表示“等于”该值。",
    'The unit has a known signal on at least one of these topics.':
        "已掌握该单位至少属于其中一个类别的线索。",
    "The round's mode is one of these.":
        "本轮巡察方式为其中之一。",
    "The round's theme is one of these.":
        "本轮专项巡察主题为其中之一。",
    'Every one of these holds.':
        "以下各项全部满足。",
    'At least one of these holds.':
        "以下各项至少满足一项。",
    'This does not hold.':
        "不满足该条件。",
    'A fragment of function items (职能清单): the typical basic facts, functions, bodies and units of a unit type.':
        "职能清单片段：某类单位典型的基本情况、主要职能、内设机构和下属单位。",
    'The group profiles, programs and themes include, e.g. village.sanzi.':
        "所属分组，供画像、监督项目和专项巡察主题选入，如 village.sanzi。",
    'Default section of the items.':
        "各条目默认所在的分节。",
    'Condition every item shares.':
        "各条目共同的适用条件。",
    'Default programs of the items.':
        "各条目默认所属的监督项目。",
    "A function item (职能清单): a line of the unit's basic facts, functions, internal bodies or subordinate units.":
        "职能清单条目：单位基本情况、主要职能、内设机构或下属单位中的一行。",
    'Unique across the whole library; later layers refer to it.':
        "在整个内容库中唯一；后续内容层通过它引用本条目。",
    'The line as printed. May name parameters: {unit.name}.':
        "印出的条目文字。可以引用参数，如 {unit.name}。",
    "Section id; defaults to the fragment's.":
        "所在分节的 id；不填的，沿用片段的设置。",
    "Where the item applies, joined with the fragment's condition.":
        "本条目的适用条件，须与片段的条件同时满足。",
    "Supervision programs the item belongs to; defaults to the fragment's.":
        "本条目所属的监督项目；不填的，沿用片段的设置。",
    'Signal topics that raise this item (and add it, if its condition fails).':
        "提示本条目的线索类别（单位有此类线索但本条目条件不满足的，也将本条目加入清单）。",
    'Set in a later layer to replace an item of the same id.':
        "在后续内容层中设为 true，替换 id 相同的原有条目。",
    '个别谈话: whom to ask about a problem, and the questions, written to be put to them.':
        "个别谈话：就该问题找谁谈、谈什么，问题按当面提问的口吻书写。",
    'Whom to ask: principal (一把手), leadership (班子成员), staff (中层和一般干部), public (服务对象和群众).':
        "谈话对象：principal（一把手）、leadership（班子成员）、staff（中层和一般干部）、public（服务对象和群众）。",
    'Each a question as put, ending with ？.':
        "每项为一个当面提出的问题，以“？”结尾。",
    'A fragment of policy items (政策清单): the documents that apply, each cited exactly.':
        "政策清单片段：适用的政策文件，逐一准确引用。",
    'A policy item (政策清单): one version of one document, with its key points for this kind of unit.':
        "政策清单条目：某一文件的一个版本，以及其中与此类单位相关的要点。",
    'A fragment of problem items (问题清单): problems and risk points to check, each with its policy basis.':
        "问题清单片段：需核查的问题和风险点，每项附政策依据。",
    'A problem item (问题清单): a problem or risk point to check, its policy basis, the materials\nto request and the methods.':
        "问题清单条目：需核查的一个问题或风险点，及其政策依据、需调阅的资料和核查方式。",
    'Policy item ids this problem rests on.':
        "本问题所依据的政策清单条目 id。",
    'Materials to request (catalog ids).':
        "需调阅的资料（填目录中的 id）。",
    'How to check.':
        "核查方式。",
    '个别谈话提纲: whom to ask and what; for an item whose methods include interview.':
        "个别谈话提纲：找谁谈、谈什么；核查方式含 interview 的条目填写。",
    '问卷和民主测评: the statement respondents rate, written for them; for an item whose methods include survey.':
        "问卷和民主测评：供填表人评价的测评内容，按填表人的角度书写；核查方式含 survey 的条目填写。",
    '定性参考, only where it can be stated with certainty.':
        "定性参考，能够确定时才填写。",
    "A template instantiated once per previous finding of the unit (回头看): 'previous_finding' for each one not rectified, 'rectified_finding' for each one in the sample of rectified findings drawn for a check that they really are (反向核查).":
        "模板条目，按单位以往发现的问题逐个生成（回头看）：'previous_finding' 为每个未整改到位的问题各生成一条；"
        "'rectified_finding' 为抽取的已整改问题各生成一条，核实是否真改实改（反向核查）。",
    '定性参考: the discipline a problem breaks when it is found, and the articles of the versions\nthat say so. A round prints only the articles of the version in force on its date.':
        "定性参考：问题查实后所违反的纪律，以及作出相应规定的各版本条款。每轮巡察只印出该轮日期有效版本的条款。",
    'political, organizational, integrity, mass, work or life (the six disciplines), or law.':
        "political（政治纪律）、organizational（组织纪律）、integrity（廉洁纪律）、mass（群众纪律）、work（工作纪律）、"
        "life（生活纪律）六项纪律之一，或 law（违法）。",
    'Only articles confirmed in the text.':
        "只填核对过原文的条款。",
    'A fragment of supervision-information items (综合监督信息清单): what to ask of which department.':
        "综合监督信息清单片段：向哪个部门商请哪些情况。",
    'A supervision-information item (综合监督信息清单): what to request from one department, for which period.':
        "综合监督信息清单条目：向一个部门商请提供的情况及其所涉期间。",
    'The supplying department (catalog id).':
        "提供部门（填目录中的 id）。",
    'The period the request covers.':
        "商请事项所涉期间。",
    'A department that supplies information before a round (纪委监委, 组织部, 审计局 …).':
        "巡察前提供有关情况的部门（纪委监委、组织部、审计局……）。",
    'As printed, e.g. 县纪委监委.':
        "印出的名称，如县纪委监委。",
    'A document or record to request from the unit (调阅资料), listed once per pack whichever items need it.':
        "向被巡察单位调阅的文件或记录（调阅资料）；无论有几个条目需要，每个单位的清单中只列一次。",
    'The document to request, e.g. 党委(党组)会议记录.':
        "需调阅的资料，如党委(党组)会议记录。",
    'A kind of signal already known from other supervision (a petition topic, an audit finding) that raises items.':
        "从其他监督渠道已掌握的一类线索（如某类信访、审计发现的问题），用于提示有关条目。",
    'e.g. 征地补偿类信访.':
        "如征地补偿类信访。",
    'The department that usually reports it.':
        "通常提供此类线索的部门。",
    'Shared vocabularies: supplying departments, materials and signal topics.':
        "共用目录：提供部门、调阅资料和线索类别。",
    'An attribute units of a type may give (population, grade, sector …): its type, label, unit and limits.':
        "此类单位可以填报的属性（人口、级别、行业……）：数据类型、名称、计量单位和取值范围。",
    'Unit of measure, e.g. 万元.':
        "计量单位，如万元。",
    'Allowed values of an enum.':
        "枚举型属性的可选值。",
    'A subtype of a unit type (资源丰富村, 财政部门 …), derived when any of its rules holds or stated by the unit.':
        "单位类型下的分类（资源丰富村、财政部门……）：满足任一判定规则即自动归入，也可由单位直接填报。",
    'The subtype is derived when any of these holds for the unit.':
        "单位满足其中任一条件的，即归入该分类。",
    'A unit type (行政村, 党政机关 …): its profile, attributes and subtypes.':
        "单位类型（行政村、党政机关……）：所用画像、属性和分类。",
    'Profile to use; defaults to the type id.':
        "所用画像；不填的，使用与单位类型 id 相同的画像。",
    'How this type names whom a group talks to, e.g. principal: 村党组织书记.':
        "此类单位个别谈话对象的称谓，如 principal: 村党组织书记。",
    'A section of a list in a profile, printed 一、 (top) or (一) (nested under a parent).':
        "画像中某张清单的分节，印为“一、”（一级）或“(一)”（嵌套在上级分节下）。",
    'A section of the same kind to nest under.':
        "所嵌套的上级分节，须属于同一种清单。",
    "The groups (patterns with '*') and items a profile, program or theme includes or excludes.":
        "画像、监督项目或专项巡察主题选入或排除的分组（可用含 '*' 的通配写法）和条目。",
    "A fragment group, or a pattern where '*' stands for any characters.":
        "片段分组名，或用 '*' 代表任意字符的通配写法。",
    'A profile: the sections of each list and the groups of items a unit type uses; may extend another profile.':
        "画像：某类单位各张清单的分节及所用的条目分组；可继承另一个画像。",
    'Profile whose sections and selection this one inherits.':
        "被继承的画像，本画像沿用其分节和选入范围。",
    "Sections per kind, in print order, appended to the parent's.":
        "按清单种类列出的分节，按印出顺序排列，接在上级画像的分节之后。",
    'Parameter defaults.':
        "参数默认值。",
    'A supervision program a round carries out (巡察, 政治督察, special checks): the units it\ncovers and the groups it adds.':
        "一轮巡察中开展的监督项目（巡察、政治督察、专项检查等）：适用的单位和增加的条目分组。",
    'The name marked on each item in a joint round, e.g. 政治督察; defaults to label.':
        "联合开展时标注在各条目上的名称，如政治督察；不填的，使用 label。",
    'Units this program can cover.':
        "本监督项目可以覆盖的单位。",
    'A theme of special rounds (专项巡察): the groups of items it adds.':
        "专项巡察主题：该主题增加的条目分组。",
    "A change a later layer makes to an earlier layer's item: patch some of its fields, or remove it.":
        "后续内容层对先前内容层条目的修改：修改其部分字段（patch），或删除该条目（remove）。",
    'Fields to set (patch only).':
        "要设置的字段（仅用于 patch）。",
    'Changes a later layer makes to items of earlier layers.':
        "后续内容层对先前内容层条目所作的修改。",
    'library.yaml of a layer: its name, version and description.':
        "内容层的 library.yaml：名称、版本和说明。",
    'A problem fed back by an earlier round, with its rectification status.':
        "以往轮次反馈的问题及其整改状态。",
    "A unit's id as the calling system knows it: ASCII letters, digits, '_', '.', '-'.":
        "单位编号，与调用系统中的编号一致：只能由英文字母、数字和 '_'、'.'、'-' 组成。",
    'The finding as fed back.':
        "反馈意见中的问题表述。",
    'The round that found it, e.g. 2023年第二轮.':
        "发现该问题的轮次，如2023年第二轮。",
    '整改时限: when it was to be rectified.':
        "整改时限：应当完成整改的日期。",
    'The problem item of the list that led to it, if any.':
        "发现该问题时对应的问题清单条目（如有）。",
    'Something already known about the unit from other supervision.':
        "从其他监督渠道已掌握的该单位情况（线索）。",
    "A signal topic of the library's catalog, e.g. petition.land_compensation.":
        "内容库目录中的线索类别，如 petition.land_compensation。",
    'What is known, in a sentence.':
        "用一句话概括已掌握的情况。",
    'Who reported it, e.g. 县信访局.':
        "线索来源，如县信访局。",
    'How many reports, where counted.':
        "反映次数（有统计的填写）。",
    'One inspected body.':
        "一个被巡察单位。",
    'A unit type of the library, e.g. village.':
        "内容库中的单位类型，如 village。",
    'Subtypes stated for the unit.':
        "直接为该单位填报的分类。",
    'Typed as the unit type declares.':
        "各属性按单位类型中规定的数据类型填写。",
    'Main functions from its 三定方案.':
        "三定方案中的主要职能。",
    'Internal bodies (内设机构).':
        "内设机构。",
    'Subordinate units (下属单位).':
        "下属单位。",
    'Parameter values for this unit.':
        "本单位的参数值。",
    'One inspection round and the units it covers.':
        "一轮巡察及其覆盖的被巡察单位。",
    'The theme of a special round.':
        "专项巡察的主题。",
    'Supervision programs carried out together.':
        "同时（联合）开展的监督项目。",
    'Start of the period under review; default 1 January three years before start.':
        "巡察监督期间的起始日期；不填的，取巡察开始年份往前三年的1月1日。",
    'Date by which departments are asked to supply information (商请函); left blank in the letters when not given.':
        "商请函中请有关部门反馈情况的截止日期；不填的，函中该处留空。",
    'Parameter values for every unit.':
        "适用于所有单位的参数值。",
    'Unit files, relative to the round file, each holding one unit.':
        "单位文件，路径相对于轮次文件，每个文件写一个单位。",
    'Findings files of earlier rounds, relative to the round file: each unit gets the findings of its own id (回头看).':
        "以往轮次的发现问题文件，路径相对于轮次文件；每个单位只取单位编号与本单位相同的问题（回头看）。",
    'A finding in a findings file: which unit it concerns, and what the ledger recorded.':
        "发现问题文件中的一个问题：所属单位，以及台账记录的内容。",
    'The id of the unit it concerns.':
        "所属单位的编号。",
    '核查情况: what the group checked.':
        "核查情况：巡察组怎样核查、核查了什么。",
    '整改措施.':
        "整改措施。",
    '责任单位/责任人.':
        "责任单位/责任人。",
    "A findings file (findings.yaml): the findings of one round, for the next round's 回头看.":
        "发现问题文件（findings.yaml）：一轮巡察发现的问题，供下一轮回头看使用。",
    'The round that found them, e.g. 县委2026年第一轮巡察.':
        "发现这些问题的轮次，如县委2026年第一轮巡察。",
    "That round's id.":
        "该轮次的编号（id）。",
    "An article of the version in force on the round's date.":
        "本轮巡察日期有效版本中的一个条款。",
    'The policy item of that version.':
        "该版本对应的政策清单条目。",
    "The document's title, with 《》.":
        "文件标题，带《》。",
    'e.g. 第一百零一条.':
        "如第一百零一条。",
    'One of the four lists of a pack, with its sections and numbered items.':
        "清单包四张清单中的一张，含分节和已编号的条目。",
    'Sections that hold items, in print order.':
        "含有条目的分节，按印出顺序排列。",
    "The unit's type, subtypes and profile chain.":
        "单位的类型、分类和画像继承链。",
    'The profile and the profiles it extends, nearest first.':
        "所用画像及其逐级继承的画像，由近及远排列。",
    'Whom a group talks to, as this type names them (个别谈话对象).':
        "个别谈话对象，按此类单位的称谓。",
    'What is asked of one department: the ids of its supervision-information items.':
        "向一个部门商请的事项：对应的综合监督信息清单条目 id。",
    'Ids of the supervision_info items asked of it.':
        "向该部门商请的 supervision_info 条目 id。",
    'One line of a checklist.':
        "清单中的一个条目。",
    'Number within its section, from 1.':
        "在所属分节内的序号，从1起。",
    'Full number as printed, e.g. 一(二)3.':
        "印出的完整编号，如一(二)3。",
    'e.g. previous_finding:f1':
        "如 previous_finding:f1",
    '个别谈话: whom to ask and the questions.':
        "个别谈话：谈话对象和问题。",
    '问卷和民主测评: the statement respondents rate.':
        "问卷和民主测评：供填表人评价的测评内容。",
    'A layer the pack was made from: its name, version and digest.':
        "生成清单包所用的一个内容层：名称、版本和校验值。",
    "sha256 of the layer's files.":
        "内容层全部文件的 sha256 校验值。",
    'A signal given for the unit (线索), with the items it raised or added.':
        "为该单位提供的一条线索，及其提示或加入的条目。",
    'Ids of the items it raised (their condition held for the unit already).':
        "该线索提示的条目 id（这些条目对该单位本已适用）。",
    'Ids of the items it added (their condition did not hold; the signal put them in).':
        "该线索加入的条目 id（这些条目的条件本不满足，因该线索而列入）。",
    'A material to request, once, with the items that need it (调阅资料清单).':
        "调阅资料清单中的一项资料（只列一次），及需要该资料的条目。",
    'Ids of the items that need it, in print order.':
        "需要该资料的条目 id，按印出顺序排列。",
    'Something the people using the pack must know that is not an item: a program the round\nnames that does not apply to the unit, a lead that matches no item.':
        "清单使用者须知晓、但不属于条目的事项：如本轮列明的某个监督项目不适用于该单位，或某条线索没有对应的条目。",
    'In words, as printed.':
        "印出的文字说明。",
    'The program concerned.':
        "涉及的监督项目。",
    'Index in ``leads`` of the lead concerned.':
        "涉及的线索在 ``leads`` 中的序号（从0起）。",
    'A program the round names, and whether it applies to this unit.':
        "本轮列明的一个监督项目，及其是否适用于该单位。",
    'The name marked on each item in a joint round.':
        "联合开展时标注在各条目上的名称。",
    "False when the unit is outside the program's scope (applies_to).":
        "单位不在该监督项目适用范围（applies_to）内的，为 false。",
    'Where an item came from and why it is in the pack.':
        "条目的来源，以及列入清单包的原因。",
    'Path relative to the layer, or the round/unit file.':
        "相对于内容层的文件路径，或轮次文件、单位文件的路径。",
    'The rule that included it, e.g. profile:village include village.*':
        "将其选入的规则，如 profile:village include village.*",
    'Layer changes applied, as layer:file:line.':
        "已应用的内容层修改，格式为 layer:file:line。",
    'The earlier definition this one replaced.':
        "被本条目替换的原有定义。",
    '定性参考 of a problem item: the discipline it breaks when found, and the articles in force.':
        "问题清单条目的定性参考：问题查实后所违反的纪律，以及有效版本中的相应条款。",
    'As printed, e.g. 违反廉洁纪律.':
        "印出的文字，如违反廉洁纪律。",
    'A signal of the unit that raised an item.':
        "提示本条目的该单位线索。",
    'The round as the pack records it: dates, mode, theme and the programs carried out for this unit.':
        "清单包记录的本轮巡察信息：日期、巡察方式、专项巡察主题，以及对该单位开展的监督项目。",
    "The programs carried out for this unit, in the round's order.":
        "对该单位开展的监督项目，按轮次文件中的顺序排列。",
    "Every program the round names, with its names, in the round's order.":
        "本轮列明的全部监督项目及其名称，按轮次文件中的顺序排列。",
    'A section of a list that holds items, with its printed number.':
        "清单中含有条目的分节，及其印出的编号。",
    '一 for a top section, (一) for a nested one.':
        "一级分节为“一”，嵌套分节为“(一)”。",
    'A subtype of the unit and where it came from (stated, or the rule that derived it).':
        "单位的一个分类及其来源（单位填报，或据以判定的规则）。",
    "'stated' or 'rule:<n>' of the unit type.":
        "'stated'（单位填报），或 'rule:<n>'（该分类在单位类型中的第 n 条判定规则）。",
    'The four checklists for one unit in one round, with derived views and provenance.':
        "一个单位在一轮巡察中的四张清单（清单包），附派生汇总和来源记录。",
    'checklists and its version.':
        "生成工具 checklists 及其版本号。",
    '调阅资料清单: each material once.':
        "调阅资料清单：每项资料只列一次。",
    'Supervision requests per department.':
        "按部门汇总的综合监督信息商请事项。",
    '线索: every signal given for the unit, in its order.':
        "线索：为该单位提供的全部线索，按原顺序排列。",
    "What the pack's users must be told.":
        "需告知清单使用者的事项。",
    'sha256 of every input and the library version.':
        "全部输入及所用内容库版本的 sha256 校验值。",
    'The inspection office that runs the round: its name, the 落款单位 and the contact printed on\nrequest letters, and the marking printed on pages and covers.':
        '开展本轮巡察的巡察机构：机构名称，商请函的落款单位和联系人，以及网页和封面上的标识。',
    "The office's name, e.g. 中共××县委巡察工作领导小组办公室.":
        '巡察机构名称，如 中共××县委巡察工作领导小组办公室。',
    '落款单位 of request letters; defaults to the name.':
        '商请函的落款单位；不填时用机构名称。',
    '联系人 named in request letters.':
        '商请函中的联系人。',
    '联系电话 named in request letters.':
        '商请函中的联系电话。',
    "Marking on HTML pages and Word covers; default 内部资料 注意保存, '' for none.":
        "网页和Word封面上的标识；不填时为“内部资料 注意保存”，填 '' 则不印。",
    'The office running the round (letters, covers).':
        '开展本轮巡察的巡察机构（用于商请函和封面）。',
    'An office settings file (office.yaml), relative to the round file; instead of office.':
        '巡察机构设置文件（office.yaml），路径相对于轮次文件；与 office 二选一。',
    'The office running the round, where given.':
        '开展本轮巡察的巡察机构（轮次写明时）。',
    'The items; [] in a file not yet filled in.':
        '条目列表；尚未填写条目的文件写 []。',
    'The changes; [] in a file not yet filled in.':
        '修改和删除列表；尚未填写的文件写 []。',
}
