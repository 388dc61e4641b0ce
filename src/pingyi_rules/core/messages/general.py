"""The phrases that frame every message, the warnings (warn.*), the command line's own messages (cli.*) and the PY codes: (English, 中文) per key."""

ENTRIES: dict[str, tuple[str, str]] = {
    "PY001": ("several problems", "多处问题"),
    "PY002": ("text '{text}': {problem}", "文本 '{text}'：{problem}"),
    "PY003.both": ("a case states either 'expect' or 'error', not both", "算例只能写 'expect' 或 'error' 之一，不能都写"),
    "PY003.case_key": ("unknown key '{key}'; expected one of {keys}", "未知的键 '{key}'；应为以下之一：{keys}"),
    "PY003.case_mapping": (
        "a case is a mapping with at least 'id' and 'expect' or 'error'",
        "算例是一个映射，至少含 'id' 以及 'expect' 或 'error'",
    ),
    "PY003.cases": ("'cases' must be a list with at least one case", "'cases' 必须是至少含一个算例的列表"),
    "PY003.expect": (
        "'expect' maps each unit id to its expected fields (total, rank, tiers, ...)",
        "'expect' 把每个单位编码映射到其预期字段（total、rank、tiers 等）",
    ),
    "PY003.file_key": (
        "unknown key '{key}'; expected one of ruleset, facts, cases",
        "未知的键 '{key}'；应为 ruleset、facts、cases 之一",
    ),
    "PY003.file_mapping": (
        "a cases file is a mapping with 'ruleset', 'facts' and 'cases'",
        "算例文件是一个映射，含 'ruleset'、'facts' 和 'cases'",
    ),
    "PY003.id_twice": ("case id '{id}' is used twice", "算例编号 '{id}' 用了两次"),
    "PY003.neither": (
        "a case states 'expect' (units and their numbers) or 'error' (expected text)",
        "算例须写明 'expect'（各单位及其数值）或 'error'（预期的报错文字）",
    ),
    "PY003.no_id": ("a case needs an 'id'", "算例需要 'id'"),
    "PY003.no_ruleset": (
        "no ruleset: give 'ruleset' at the top of the file or in the case",
        "没有规则集：请在文件开头或算例中给出 'ruleset'",
    ),
    "PY003.tables": ("'tables' maps each table id to its CSV text", "'tables' 把每个表编号映射到其 CSV 文本"),
    "PY003.unreadable": ("cannot read the cases file: {why}", "无法读取算例文件：{why}"),
    "PY003.void": ("'void' lists the keys of void ballots", "'void' 列出废票的票号"),
    "PY004.folder": ("no *.cases.yaml here", "这里没有 *.cases.yaml 算例文件"),
    "PY004.ruleset": (
        "no cases file beside it names this ruleset; write {file} (see docs/testing.md)",
        "旁边没有指向此规则集的算例文件；请编写 {file}（见 docs/testing.md）",
    ),
    "PY005": (
        "monotone column '{column}' is not a number column of a per-subject table (those columns: {known})",
        "monotone 列 '{column}' 不是按对象一行的表中的数字列（这样的列：{known}）",
    ),
    "PY005.none": (
        "monotone column '{column}' is not a number column of a per-subject table (those columns: none)",
        "monotone 列 '{column}' 不是按对象一行的表中的数字列（没有这样的列）",
    ),
    "PY006": ("the property checks need hypothesis: {command}", "性质检查需要 hypothesis：{command}"),
    "cli.budget": ("--budget must be at least 1", "--budget 至少为 1"),
    "cli.cannot_write": ("cannot write {target}: {why}", "无法写入 {target}：{why}"),
    "cli.case_error_expected": ("error: expected a message containing {text}", "报错：预期信息包含 {text}"),
    "cli.case_error_got": ("       got {message}", "      实际为 {message}"),
    "cli.case_error_succeeded": (
        "error: expected a message containing {text}, but scoring succeeded",
        "报错：预期信息包含 {text}，但计分成功了",
    ),
    "cli.case_failed": ("case '{case}' failed ({ruleset})", "算例 '{case}' 未通过（{ruleset}）"),
    "cli.case_ruleset": ("ruleset: {line}", "规则集：{line}"),
    "cli.case_scoring_failed": ("scoring failed: {message}", "计分失败：{message}"),
    "cli.cases_failed": ("{passed} passed, {failed} failed", "{passed} 个通过，{failed} 个未通过"),
    "cli.cases_passed": ("{passed} cases passed", "{passed} 个算例全部通过"),
    "cli.check_ok": ("{path}: ok", "{path}：通过"),
    "cli.diff_component": (
        "component {component}: expected {expected}, got {got}",
        "评分项 {component}：预期 {expected}，实际 {got}",
    ),
    "cli.diff_components_mapping": (
        "components: expected a mapping of component id to points",
        "components：应为评分项编号到分值的映射",
    ),
    "cli.diff_field": ("{field}: expected {expected}, got {got}", "{field}：预期 {expected}，实际 {got}"),
    "cli.diff_no_unit": (
        "unit {unit}: not in the result (units: {units})",
        "单位 {unit}：不在结果中（结果中的单位：{units}）",
    ),
    "cli.diff_unit": ("unit {unit}:", "单位 {unit}："),
    "cli.diff_value": ("value {name}: expected {expected}, got {got}", "值 {name}：预期 {expected}，实际 {got}"),
    "cli.diff_void": ("void ballot {key}: not reported", "废票 {key}：未报告"),
    "cli.empty_output": ("-o needs a file name (it was given as '')", "-o 需要文件名（给出的是 ''）"),
    "cli.init_done": (
        "{folder}: ruleset, worked cases and example facts written; cd {name} and run the three commands in README.md",
        "{folder}: 规则集、算例、示例数据已写好；cd {name} 后运行 README.md 中的三个命令",
    ),
    "cli.init_folder": ("{folder} already exists and is not an empty folder", "{folder} 已存在，且不是空文件夹"),
    "cli.init_name": (
        "'{name}' cannot be a ruleset id: no spaces or path characters (/ \\ : * ? \" < > |)",
        "'{name}' 不能作为规则集编号：不能含空格或路径字符（/ \\ : * ? \" < > |）",
    ),
    "cli.interrupted": ("interrupted", "已中断"),
    "cli.margins_always": (
        "--margins adds columns to --format table; --format {format} always shows the margins",
        "--margins 为 --format table 加上差距列；--format {format} 总会显示差距",
    ),
    "cli.margins_none": (
        "--margins adds columns to --format table; --format {format} has no margin columns",
        "--margins 为 --format table 加上差距列；--format {format} 没有差距列",
    ),
    "cli.not_regular": (
        "cannot write {target}: it is {kind}; -o writes only regular files",
        "无法写入 {target}：它是{kind}；-o 只写普通文件",
    ),
    "cli.output_is_input": ("refusing to write the output into the input {item}", "不能把输出写入输入 {item}"),
    "cli.properties_hold": (
        "{path}: properties hold ({budget} fact sets each, seed {seed}; {scored} scored, {refused} refused with a located error)",
        "{path}：性质成立（每项 {budget} 组数据，随机种子 {seed}；{scored} 组已计分，{refused} 组被拒并报出定位的错误）",
    ),
    "cli.stopped": ("stopped by {signal}", "被 {signal} 信号终止"),
    "cli.template_done": ("{path}: a fill-in template of {count} table(s)", "{path}: {count} 张数据表的填报模板"),
    "cli.warning": ("warning: {text}", "警告：{text}"),
    "cli.xlsx_needs_output": (
        "--format xlsx writes a workbook: give the file with -o FILE",
        "--format xlsx 输出工作簿：请用 -o FILE 给出文件",
    ),
    "phrase.cell_too_long": (
        "{length} characters is more than a workbook cell holds ({limit})",
        "{length} 个字符超过了工作簿单元格的容量（{limit}）",
    ),
    "phrase.column": ("column {name}", "列 {name}"),
    "phrase.did_you_mean": ("did you mean {candidates}?", "是否想写 {candidates}？"),
    "phrase.file_block_device": ("a block device", "块设备"),
    "phrase.file_char_device": ("a character device", "字符设备"),
    "phrase.file_fifo": ("a FIFO (named pipe)", "命名管道（FIFO）"),
    "phrase.file_folder": ("a folder", "文件夹"),
    "phrase.file_link": ("a symbolic link", "符号链接"),
    "phrase.file_not_regular": ("not a regular file", "非普通文件"),
    "phrase.file_row": ("{file}, row {row}", "{file} 第 {row} 行"),
    "phrase.file_socket": ("a socket", "套接字"),
    "phrase.inv_above": ("{where}: {points} is above its points {max}", "{where}：{points} 超过其分值 {max}"),
    "phrase.inv_below_floor": (
        "{where}: {points} is below its floor {floor}",
        "{where}：{points} 低于其下限 {floor}",
    ),
    "phrase.inv_best_rank": (
        "unit {unit}: the best of its group has rank {rank}",
        "单位 {unit}：组内最好的单位名次为 {rank}",
    ),
    "phrase.inv_counted_twice": (
        "{row}: counted for unit {other} as well as {unit}",
        "{row}：既计入单位 {unit}，又计入单位 {other}",
    ),
    "phrase.inv_entries": (
        "{row}: in {count} trace entries of unit {unit}, expected one per cases component reading table {table}",
        "{row}：出现在单位 {unit} 的 {count} 条计分记录中，应在每个读取表 {table} 的 cases 评分项中各出现一次",
    ),
    "phrase.inv_equal_values": (
        "{where}: equal values, different ranks, and no tie-break",
        "{where}：值相等而名次不同，且没有 tie-break",
    ),
    "phrase.inv_lower_higher": ("{where}: the lower value ranks higher", "{where}：值较低的名次反而靠前"),
    "phrase.inv_monotone": (
        "unit {unit}, component {component} (declared {column}: {way}): {column} {before} → {after} moves its points {old} → {new}",
        "单位 {unit} 评分项 {component}（声明 {column}: {way}）：{column} {before} → {after} 使其得分 {old} → {new}",
    ),
    "phrase.inv_not_a_unit": ("{row}: a row for {unit}, who is not a unit", "{row}：这一行属于 {unit}，但它不是参评单位"),
    "phrase.inv_numbering": (
        "{where}: rank {rank}, expected {want} ({ties} numbering)",
        "{where}：名次为 {rank}，按 {ties} 排法应为 {want}",
    ),
    "phrase.inv_order_differs": (
        "with the rows in another order, unit {unit} scores differently",
        "行的顺序改变后，单位 {unit} 的得分不同",
    ),
    "phrase.inv_outside": ("{where}: {points} is outside {low}–{high}", "{where}：{points} 超出 {low}–{high}"),
    "phrase.inv_pair": (
        "units {first} (rank {first_rank}, {a}) and {second} (rank {second_rank}, {b})",
        "单位 {first}（第 {first_rank} 名，{a}）与 {second}（第 {second_rank} 名，{b}）",
    ),
    "phrase.inv_rank_no_total": ("unit {unit} has rank {rank} but no total", "单位 {unit} 有名次 {rank}，却没有总分"),
    "phrase.inv_rank_unranked": (
        "unit {unit} has rank {rank} under 'ranking: false'",
        "单位 {unit} 在 'ranking: false' 下仍有名次 {rank}",
    ),
    "phrase.inv_rows_per_unit": (
        "table {table}: unit {unit} has {rows} rows",
        "表 {table}：单位 {unit} 有 {rows} 行",
    ),
    "phrase.inv_same_rank": ("{where}: the same rank for different values", "{where}：值不同而名次相同"),
    "phrase.inv_tier_fails": (
        "unit {unit} (total {total}): the condition of tier {tier} does not hold, but the unit's tiers are {tiers}",
        "单位 {unit}（总分 {total}）：等次 {tier} 的条件不成立，但该单位的等次为 {tiers}",
    ),
    "phrase.inv_tier_holds": (
        "unit {unit} (total {total}): the condition of tier {tier} holds, but the unit's tiers are {tiers}",
        "单位 {unit}（总分 {total}）：等次 {tier} 的条件成立，但该单位的等次为 {tiers}",
    ),
    "phrase.inv_tier_order": (
        "unit {unit}: tiers {tiers} repeat or are out of declared order",
        "单位 {unit}：等次 {tiers} 有重复或不按声明的顺序",
    ),
    "phrase.inv_tier_undeclared": ("unit {unit}: tier {tier} is not declared", "单位 {unit}：等次 {tier} 未声明"),
    "phrase.inv_total_sum": (
        "unit {unit}: total {total} is not the sum of its parts {parts}",
        "单位 {unit}：总分 {total} 不等于各部分之和 {parts}",
    ),
    "phrase.inv_total_without_points": (
        "unit {unit}: a total although a component has no points",
        "单位 {unit}：有评分项没有得分，却有总分",
    ),
    "phrase.inv_twice": ("{row}: twice in unit {unit}, {path}", "{row}：在单位 {unit} 的 {path} 中出现两次"),
    "phrase.inv_twice_differs": ("scoring the same facts twice gave different results", "同样的数据计分两次，结果不同"),
    "phrase.inv_unit_component": ("unit {unit}, component {component}", "单位 {unit} 评分项 {component}"),
    "phrase.inv_units_order": (
        "the result's units are not the subject table's rows, once each and in order",
        "结果中的单位与对象表的行不一致（应每行各一个、顺序相同）",
    ),
    "phrase.inv_untraced": (
        "{row}: in no trace entry of unit {unit} and not void",
        "{row}：不在单位 {unit} 的任何计分记录中，也未作废",
    ),
    "phrase.place_component_check": ("check '{check}' of '{component}'", "'{component}' 的核对 '{check}'"),
    "phrase.prop_defect_scored": ("defect {defect}: scored instead of refused", "缺陷 {defect}：本应被拒绝，却计了分"),
    "phrase.prop_defect_unnamed": (
        "defect {defect}: refused, but the error does not name table {table}: {error}",
        "缺陷 {defect}：已被拒绝，但报错没有指出表 {table}：{error}",
    ),
    "phrase.prop_facts": ("{problem} (facts: {tables})", "{problem}（数据：{tables}）"),
    "phrase.prop_table_rows": ("{table}: {rows} rows", "{table}：{rows} 行"),
    "phrase.separator": ("; ", "；"),
    "phrase.with_seed": ("{problem} (seed {seed})", "{problem}（随机种子 {seed}）"),
    "phrase.xml_character": (
        "{char} cannot be written to a workbook (XML does not allow it)",
        "{char} 不能写入工作簿（XML 不允许这个字符）",
    ),
    "warn.hidden_rows": (
        "{count} hidden row(s) ({rows}) were read like the others",
        "{count} 个隐藏行（{rows}）与其他行一样读入",
    ),
    "warn.hidden_sheet": (
        "hidden sheet left out; table '{table}' is read from the visible sheet '{sheet}'",
        "隐藏的工作表已略去；表 '{table}' 从可见的工作表 '{sheet}' 读取",
    ),
    "warn.properties_unexercised": (
        "no generated fact set reached scoring, so the invariants were not exercised; the first refusal: {refusal}",
        "没有一组生成的数据进入计分，不变量未得到检验；第一次被拒：{refusal}",
    ),
    "warn.total_row": ("the {label} row was left out", "{label}行已略去"),
    "warn.unused_column": (
        "column '{header}' is not used by the ruleset; ignored",
        "列 '{header}' 未被规则集使用，已忽略",
    ),
    # the parts of a location and of a message (core.errors)
    # i18nrs: phrases inside the ruleset messages
    "phrase.a_comparison": ("a comparison", "一个比较"),
    "phrase.or_list": ("{items} or {last}", "{items} 或 {last}"),
    "phrase.value_problem": ("{value}: {problem}", "{value}：{problem}"),
    "phrase.value_null": ("empty (null)", "空（null）"),
    "phrase.value_bool": ("true/false", "是非值 true/false"),
    "phrase.value_list": ("a list", "一个列表"),
    "phrase.value_mapping": ("a mapping", "一个映射"),
    "phrase.reason_count_placeholder": (
        "{{count}}: the number of the form's rows meeting 'count_rows'", "{{count}}：该表单中满足 'count_rows' 的行数"
    ),
    "phrase.none_here": ("none here", "此处没有"),
    "phrase.reason_failed_placeholder": (
        "{{failed}}: what each requirement of 'must_meet' the form does not meet says",
        "{{failed}}：表单未满足的 'must_meet' 各项要求的 says",
    ),
    "phrase.reason_placeholders": ("{first}; {second}", "{first}；{second}"),
    "phrase.says_subject_placeholders": (
        "{{missing}}: the subjects the form has no row for, {{repeated}}: the subjects it has two rows or more for, with their row numbers",
        "{{missing}}：表单中没有行的对象，{{repeated}}：表单中有两行以上的对象及其行号",
    ),
    "phrase.date_day_character": ("invalid character in day", "日中有无效字符"),
    "phrase.date_day_out_of_range": ("day value is outside expected range", "日超出范围"),
    "phrase.date_month_character": ("invalid character in month", "月中有无效字符"),
    "phrase.date_month_out_of_range": ("month value is outside expected range", "月超出范围"),
    "phrase.date_too_long": ("input is too long", "输入太长"),
    "phrase.date_too_short": ("input is too short", "输入太短"),
    "phrase.date_year_character": ("invalid character in year", "年中有无效字符"),
    "phrase.char_control": ("the control character {code}", "控制字符 {code}"),
    "phrase.char_line_separator": ("the line separator {code}", "行分隔符 {code}"),
    "phrase.char_noncharacter": ("the noncharacter {code}", "非字符 {code}"),
    "phrase.char_paragraph_separator": ("the paragraph separator {code}", "段落分隔符 {code}"),
    "phrase.char_surrogate": ("the lone surrogate {code}", "孤立代理项 {code}"),
    "phrase.and_pair": ("{first} and {second}", "{first} 和 {second}"),
    "phrase.column_quoted": ("column '{name}'", "列 '{name}'"),
    "phrase.components_points": ("the components' points", "各组件的分值"),
    "phrase.earlier_tie_break": ("an earlier tie-break", "前面的一个并列决胜项"),
    "phrase.expression": ("expression", "表达式"),
    "phrase.form_word": ("form", "表单"),
    "phrase.key_word": ("key", "键"),
    "phrase.no_full_marks": ("no points (no full marks)", "没有分值（没有满分）"),
    "phrase.points_of": ("points {points}", "的分值为 {points}"),
    "phrase.ranking_own_measure": ("the ranking's own measure", "排名本身的依据"),
    "phrase.row_check": ("row check", "行检查"),
    "phrase.subject_word": ("subject", "对象"),
    "phrase.the_base": ("the base", "基础分"),
    "phrase.the_points": ("the points", "分值"),
    "phrase.the_value": ("the value", "该值"),
    "phrase.top_level_points": ("the top-level components' points", "顶层各组件的分值"),
    "phrase.value_word": ("value", "值"),
    "phrase.why_points_rank_deduction": (
        "the score starts from them and loses per_place per place", "得分从分值起算，每低一个名次扣 per_place"
    ),
    # i18nrs: where a condition on a subject is decided (scoring.conditions.Place), and why a key does not apply there
    "phrase.place_checks": ("checks", "checks 检查"),
    "phrase.place_exclude": ("exclude", "exclude 排除"),
    "phrase.place_gate": ("a gate", "门槛"),
    "phrase.place_group_checks": ("a group check (checks with within)", "分组核对（带 within 的 checks）"),
    "phrase.place_lookup_row": ("row {row} of lookup '{lookup}'", "查找表 '{lookup}' 的第 {row} 行"),
    "phrase.place_ranking_last": ("ranking.last", "ranking.last 条件"),
    "phrase.place_stage_select": ("a stage's select", "阶段的 select"),
    "phrase.place_tier": ("tier '{name}'", "等次 '{name}'"),
    "phrase.place_veto": ("a veto", "否决"),
    "phrase.why_checks_before_ranking": ("checks are made before the ranking", "检查在排名之前进行"),
    "phrase.why_checks_before_tier": ("checks are made before any tier", "检查在任何等次之前进行"),
    "phrase.why_exclude_before_ranking": ("exclusions are decided before the ranking", "排除在排名之前决定"),
    "phrase.why_exclude_before_tier": ("exclusions are decided before any tier", "排除在任何等次之前决定"),
    "phrase.why_gate_before_ranking": ("gates are decided before the ranking", "门槛在排名之前决定"),
    "phrase.why_gate_before_tier": ("gates are decided before any tier", "门槛在任何等次之前决定"),
    "phrase.why_group_checks_before_ranking": ("group checks are decided on the facts, before anything is scored", "分组核对在计分之前按数据判断"),
    "phrase.why_group_checks_before_tier": ("group checks are decided on the facts, before any tier", "分组核对在任何等次之前按数据判断"),
    "phrase.why_last_decides_ranking": (
        "ranking.last decides where a subject is ranked, so it cannot test the ranking",
        "ranking.last 决定对象排在哪里，所以不能检查排名",
    ),
    "phrase.why_not_ranked": ("the ruleset has 'ranking: false', so no subject has a place", "规则集写了 'ranking: false'，没有对象有名次"),
    "phrase.why_scored_before_ranking": (
        "it is decided while the subject is scored, before any ranking", "它在对象计分时决定，早于任何排名"
    ),
    "phrase.why_scored_before_tier": ("it is decided while the subject is scored, before any tier", "它在对象计分时决定，早于任何等次"),
    "phrase.why_stage_before_tier": ("stages select before any tier is decided", "阶段选拔早于任何等次的决定"),
    "phrase.why_stage_own_ranking": ("a stage selects on its own ranking of the stage total", "阶段按本阶段总分的自身排名选拔"),
    "phrase.why_veto_before_tier": (
        "vetoes are decided before any tier (a tier may test a veto's tier instead)",
        "否决在任何等次之前决定（等次可以改为检查否决所定的等次）",
    ),
    # lookups
    "phrase.lookups_instead_bands": (
        ("write 'rows' with 'hit': a band {{at_least: 100, below: 300, value: 0.98}} is the row "
        "{{when: {{of: <column>, at_least: 100, below: 300}}, value: 0.98}}, under hit: unique"),
        ("请用 'rows' 和 'hit' 书写：区间 {{at_least: 100, below: 300, value: 0.98}} 即行 "
        "{{when: {{of: <column>, at_least: 100, below: 300}}, value: 0.98}}，hit: unique"),
    ),
    "phrase.lookups_instead_column": (
        "the rows' conditions name the column: {{when: {{of: <column>, at_least: …}}}}",
        "列由各行的条件写出：{{when: {{of: <column>, at_least: …}}}}",
    ),
    "phrase.lookups_row_shape": (
        ("a row of a lookups entry is an interval of one number column with a number, such as "
        "{example}; a lookup on anything else is a lookup in values:"),
        "lookups 条目的一行是某一数值列上的区间及一个数，例如 {example}；对其他内容查表请在 values: 中写 lookup",
    ),
}
