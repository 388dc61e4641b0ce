"""The phrases that frame every message, warnings, and the PY codes: (English, 中文) per key."""

ENTRIES: dict[str, tuple[str, str]] = {
    # the parts of a location and of a message (core.errors)
    "phrase.column": ("column {name}", "列 {name}"),
    "phrase.file_row": ("{file}, row {row}", "{file} 第 {row} 行"),
    "phrase.did_you_mean": ("did you mean {candidates}?", "是否想写 {candidates}？"),
    "phrase.separator": ("; ", "；"),
    "PY001": ("several problems", "多处问题"),
    # i18nrs: phrases inside the ruleset messages
    "phrase.a_comparison": ("a comparison", "一个比较"),
    "phrase.or_list": ("{items} or {last}", "{items} 或 {last}"),
    "phrase.value_problem": ("{value}: {problem}", "{value}：{problem}"),
    "phrase.value_null": ("empty (null)", "空（null）"),
    "phrase.value_bool": ("true/false", "是非值 true/false"),
    "phrase.value_list": ("a list", "一个列表"),
    "phrase.value_mapping": ("a mapping", "一个映射"),
    "phrase.reason_count_placeholder": (
        "{{count}}: the number of the form's rows meeting 'rows'", "{{count}}：该表单中满足 'rows' 的行数"
    ),
    "phrase.none_here": ("none here", "此处没有"),
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
    "phrase.no_free_for": ("no N for {groups}", "{groups} 没有 N"),
    "phrase.no_full_marks": ("no points (no full marks)", "没有分值（没有满分）"),
    "phrase.not_group_values": ("{values} is not a value of '{by}'", "{values} 不是 '{by}' 的取值"),
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
