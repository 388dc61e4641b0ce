"""The ruleset messages RS040 to RS099: (English, 中文) per key (see core.messages)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "RS040.base_ruleset_mapping": ("the base is not a ruleset (a mapping of keys)", "基础文件不是规则集（键的映射）"),
    "RS040.element_chosen_id": (
        "'{format_path}' has no element '{part}' (chosen by id, code, name or index)",
        "'{format_path}' 中没有元素 '{part}'（按 id、code、name 或序号选取）",
    ),
    "RS040.extends_path_ruleset": ("'extends' takes the path of a ruleset file", "'extends' 的值是一个规则集文件的路径"),
    "RS040.key": ("'{value}' has no key '{part}'", "'{value}' 中没有键 '{part}'"),
    "RS040.nested_ruleset_cannot": ("the nested ruleset '{id}' has {shown}; cannot scale it", "嵌套规则集 '{id}' {shown}；无法按比例换算"),
    "RS040.overrides_maps_paths": ("'overrides' maps paths to values", "'overrides' 是从路径到值的映射"),
    "RS040.path_like_components": ("'{spec}' is not a path like {example}", "'{spec}' 不是形如 {example} 的路径"),
    "RS040.ruleset_file_looked": ("no ruleset file '{ruleset}' (looked for {target})", "没有规则集文件 '{ruleset}'（查找的是 {target}）"),
    "RS040.ruleset_key": ("'the ruleset' has no key '{part}'", "规则集中没有键 '{part}'"),
    "RS040.single_value": ("'{format_path}' is a single value; it has no '{part}'", "'{format_path}' 是单个值，没有 '{part}'"),
    "RS041.extends_circle": ("'extends' goes round in a circle: {show}", "'extends' 形成了循环：{show}"),
    "RS041.extends_itself": ("the ruleset extends itself: {show}", "规则集扩展了它自己：{show}"),
    "RS041.nesting_goes_round": ("nesting goes round in a circle: {show}", "嵌套形成了循环：{show}"),
    "RS042.unknown_measure": ("unknown component, named value or field '{name}'", "未知的组件、命名值或字段 '{name}'"),
    "RS043": (
        "table '{id}' needs an id or title of at most {SHEET_NAME_MAX} characters to be an Excel sheet",
        "表 '{id}' 需要一个不超过 {SHEET_NAME_MAX} 个字符的 id 或标题，才能作为 Excel 工作表",
    ),
    "RS044.column_not_number": ("column '{name}' is {type}; expected a number", "列 '{name}' 的类型为 {type}；应为数"),
    "RS044.join_column_column": ("join column '{join}' is not a column of a per_subject table", "关联列 '{join}' 不是 per_subject 表中的列"),
    "RS044.lookup_name_column": ("lookup '{id}' has the name of a column", "查找表 '{id}' 与某一列同名"),
    "RS044.unknown_column": ("unknown column '{name}'", "未知的列 '{name}'"),
    "RS045.apportioned_deduction_points": ("an apportioned deduction has points 0 (it only takes away)", "分摊扣分的分值为 0（它只扣分）"),
    "RS046.already_stage": ("'{cid}' is already in stage '{owner}'", "'{cid}' 已在阶段 '{owner}' 中"),
    "RS046.comes_before_component": ("'{cid}' comes before a component of an earlier stage; keep stage order", "'{cid}' 排在较早阶段的组件之前；请保持阶段顺序"),
    "RS046.distribution_needs_limit": ("a distribution needs at least one limit in 'shares'", "分布限制至少需要 'shares' 中的一项限制"),
    "RS046.last_stage_selects": ("the last stage selects for no further stage; drop 'select'", "最后一个阶段没有后续阶段可供选拔；请删去 'select'"),
    "RS046.stage_followed_another": ("a stage followed by another needs 'select'", "后面还有阶段的阶段需要 'select'"),
    "RS046.top_level_component": ("'{cid}' is not a top-level component", "'{cid}' 不是顶层组件"),
    "RS046.top_level_components": ("top-level components in no stage: {missing}", "不属于任何阶段的顶层组件：{missing}"),
    "RS047.allowed_ruleset_delete": ("{describe_character} is not allowed in a ruleset; delete it", "规则集中不允许出现 {describe_character}；请删除"),
    "RS047.contains_written_escape": (
        "the {what} contains {describe_character} (written as an escape); delete it",
        "{what}中含有 {describe_character}（以转义形式写出）；请删除",
    ),
    "RS048": ("'{in_}' is the same value as '{first}' in {shown}", "'{in_}' 与 {shown} 中的 '{first}' 是同一个值"),
    "RS048.given_twice": ("'{value}' is given twice (first at [{first}])", "'{value}' 给出了两次（第一次在 [{first}]）"),
    "RS048.same_once_normalised": (
        "'{value}' and '{other}'{first} are the same text once full-width and compatibility characters are normalised; keep one",
        "'{value}' 与 '{other}'{first} 在全角和兼容字符规范化后是同一文本；请只保留一个",
    ),
    "RS053.above_points_base": (
        "'above_points' says what happens to a sum above the points; with 'base' the value is base minus the result, never above it",
        "'above_points' 说明合计超出分值时如何处理；有 'base' 时取值为基准分减去结果，不会超出",
    ),
    "RS053.after_highest_aggregate": (
        "'after_highest' orders a multiplier after 'keep_highest'; without 'keep_highest' it changes nothing",
        "'after_highest' 把倍数排在 'keep_highest' 之后；没有 'keep_highest' 时它不起作用",
    ),
    "RS053.after_highest_orders": (
        "'after_highest' orders a modifier after 'highest_only'; without 'highest_only' it changes nothing",
        "'after_highest' 把修正项排在 'highest_only' 之后；没有 'highest_only' 时它不起作用",
    ),
    "RS053.always_holds_limit": ("{key} {value}% always holds; this limit checks nothing", "{key} {value}% 总是成立；这一限制什么也没检查"),
    "RS053.floor_without_base": (
        "'floor' raises the value base minus the result; without 'base' it changes nothing",
        "'floor' 作用于基准分减去结果的取值；没有 'base' 时它不起作用",
    ),
    "RS053.row_table_empty_never": (
        "the last row has no 'when' and always holds, so 'empty' is never taken",
        "最后一行无 'when'，总是成立，'empty' 永远不会被采用",
    ),
    "RS053.value_label_without_label": (
        "'value_label' words a counted row in place of 'label'; without 'label' write 'label'",
        "'value_label' 代替 'label' 写计入行的名称；没有 'label' 时请写 'label'",
    ),
    "RS053.void_detail_nothing_void": (
        "'void_detail' lists the rows the rules of table '{table}' void; it has none (no 'void', 'dated_by' or 'invalid: void' column), so it changes nothing",
        "'void_detail' 列出表 '{table}' 的表规则作废的行；该表没有作废规则（无 'void'、'dated_by' 或 'invalid: void' 列），它不起作用",
    ),
    "RS053.says_no_failed": (
        "'says' is written into the reason's {{failed}}; this rule's reason has no {{failed}}, so it changes nothing",
        "'says' 写入原因的 {{failed}}；此规则的原因中没有 {{failed}}，它不起作用",
    ),
    "RS053.at_error_row": (
        "'at' names the cell an error rule's row error points at; it has an effect only with 'error: true' and a row condition 'when'",
        "'at' 指出报错规则在行上报错的单元格；只在 'error: true' 且有行条件 'when' 时起作用",
    ),
    "RS053.blank_says_what": ("'on_blank' says what a blank 'per_row' does; without 'per_row' it changes nothing", "'on_blank' 规定 'per_row' 为空时怎么办；没有 'per_row' 时它不起作用"),
    "RS053.bonus_capped_points": (
        "a bonus capped at its points 0 can never add anything; give the points, or 'capped: false' for no cap",
        "以分值 0 封顶的加分永远加不了分；请给出分值，或写 'capped: false' 表示不封顶",
    ),
    "RS053.capped_caps_bonus": ("'capped' caps a bonus at its points; without 'points' there is no cap", "'capped' 以分值为加分封顶；没有 'points' 就没有上限"),
    "RS053.capped_effect_add": ("'capped' is for effect: add; a deduction is bounded by its base and floor", "'capped' 用于 effect: add；扣分由其基础分和下限约束"),
    "RS053.combine_weighted": ("'{key}' is for combine: weighted", "'{key}' 用于 combine: weighted"),
    "RS053.comparing_again_changes": ("'{name}' is {what}; comparing it again changes nothing", "'{name}' 是{what}；再比较一次不起作用"),
    "RS053.condition_used_any": (
        "condition '{name}' is not used by any 'is' that decides something (only itself or unused named conditions name it, if any); it decides nothing",
        "条件 '{name}' 没有被任何起作用的 'is' 使用（至多被它自己或未使用的命名条件引用）；它不决定任何事",
    ),
    "RS053.effect_deduct_bonus": ("'{key}' is for effect: deduct; a bonus is the sum of its items", "'{key}' 用于 effect: deduct；加分是其各条目之和"),
    "RS053.effect_named_value": (
        "'{key}' has no effect on a named value: a value is computed and published but added to no total",
        "'{key}' 对命名值不起作用：命名值只计算和公布，不计入任何总分",
    ),
    "RS053.function_counts_rows": (
        "function {function} counts rows; 'per_row' is for sum, mean, min, max, trimmed_mean",
        "函数 {function} 统计行数；'per_row' 用于 sum、mean、min、max、trimmed_mean",
    ),
    "RS053.group_cap_caps": (
        "group '{group}' has no cap in 'caps'; a group only limits what its items count together",
        "组 '{group}' 在 'caps' 中没有上限；组只限定其条目合计的计数",
    ),
    "RS053.hand_over_components": (
        "the nested ruleset '{id}' rounds its components (round_at: components), so its total is never rounded: its exact total is the published one, and 'hand_over: exact' changes nothing",
        "被嵌套规则集 '{id}' 对各项先舍入（round_at: components），其总分不再舍入：精确总分就是公布的总分，'hand_over: exact' 不起作用",
    ),
    "RS053.invalid_reason_reason": (
        "'invalid_reason' is the reason a cell voids its row; without 'invalid: void' no cell does",
        "'invalid_reason' 是单元格使其行作废的原因；没有 'invalid: void' 就没有单元格会这样做",
    ),
    "RS053.last_row_when": ("the last row has no 'when' and always holds, so 'empty' is never used", "最后一行没有 'when'，总是成立，所以 'empty' 永远用不到"),
    "RS053.lost_reason_written": (
        "'lost' is the reason written when 'unless' holds; without 'unless' it is never used",
        "'lost' 是 'unless' 成立时写出的原因；没有 'unless' 它永远用不到",
    ),
    "RS053.traced_selected_where": (
        "'traced: selected' lists the rows 'where' selects; without 'where' every row is selected",
        "'traced: selected' 只列出 where 选出的行；没有 where 时全部行都被选出",
    ),
    "RS053.over_function_ratio": ("'over' is for function ratio", "'over' 用于函数 ratio"),
    "RS053.meeting_function_share": ("'meeting' is for function share", "'meeting' 用于函数 share"),
    "RS053.multiply_changes_nothing": ("multiply 1 changes nothing", "multiply 1 不起作用"),
    "RS053.multiply_multiplies_rating": (
        "'multiply' multiplies a rating from a subject's own count columns; tallies from 'table' rows are not multiplied",
        "'multiply' 乘的是由对象自己的计数列得出的评级；来自 'table' 行的统计不相乘",
    ),
    "RS053.names_type_each": (
        "'key' names the type each band's 'key_value' picks; no band has a 'key_value'",
        "'key' 指明每一档 'key_value' 所选的类别；但没有一档有 'key_value'",
    ),
    "RS053.optional_effect_cases": (
        "'optional' has no effect on a cases table: a subject may always have no case rows",
        "'optional' 对 cases 表不起作用：对象本来就可以没有案例行",
    ),
    "RS053.outside_effect_weighted": (
        "'outside' has no effect in a weighted component: every child counts by its weight",
        "'outside' 在加权组件中不起作用：每个子项都按其权重计",
    ),
    "RS053.ranking_already_grouped": (
        "the ranking is already grouped by '{within}'; a quota is counted in each ranking group",
        "排名已按 '{within}' 分组；配额在每个排名组内计算",
    ),
    "RS053.required_false_effect": (
        "'required: false' has no effect with a 'default': a blank cell takes the default",
        "有 'default' 时 'required: false' 不起作用：空单元格取默认值",
    ),
    "RS053.requires_checked_entering": (
        "'requires' is checked on entering a stage; every subject is in the first stage",
        "'requires' 在进入阶段时检查；每个对象都在第一阶段中",
    ),
    "RS053.share_of_pool_among": (
        "'share_of: pool' counts the share on the subjects meeting 'among'; without 'among' the pool is the group",
        "'share_of: pool' 按满足 'among' 的对象数计算比例；没有 'among' 时候选范围就是整组",
    ),
    "RS053.table_optional_so": (
        "table '{id}' is not optional, so every subject has a row in it already; 'requires' is for a table declared 'optional: true'",
        "表 '{id}' 不是可选的，每个对象本来就在其中有一行；'requires' 用于声明了 'optional: true' 的表",
    ),
    "RS053.trim_function_trimmed": ("'trim' is for function trimmed_mean", "'trim' 用于函数 trimmed_mean"),
    "RS053.veto_puts_subject": ("a veto that puts a subject in '{bar}' cannot also bar it from '{bar}'", "把对象定为 '{bar}' 的否决不能同时禁止其进入 '{bar}'"),
    "RS053.weight_counts_only": (
        "'weight' counts only in a weighted component; this one's parent adds its children as they are",
        "'weight' 只在加权组件中起作用；此组件的上级按原样相加其子项",
    ),
    "RS053.within_groups_selection": (
        "'within' groups the selection ranking; a stage without 'select' ranks nothing",
        "'within' 为选拔排名分组；没有 'select' 的阶段不排名",
    ),
    "RS054.already_name_enclosing": (
        "'{name}' is already a name of the enclosing repeat; give this repeat's name another word",
        "'{name}' 已是外层 repeat 的名字；请给本 repeat 的名字换个词",
    ),
    "RS054.cannot_placeholder_s": ("'{name}' cannot be a placeholder's name: a name takes no spaces or braces", "'{name}' 不能作占位符的名字：名字中不能有空格或花括号"),
    "RS054.list_least_one": ("'{name}' takes a list of at least one value (one per repetition)", "'{name}' 的值是至少含一个值的列表（每次重复一个）"),
    "RS054.over_maps_each": ("'over' maps each name to its list of values ({example})", "'over' 为每个名字给出其取值列表（{example}）"),
    "RS054.repeat_entry_component": (
        "a repeat entry takes the component to repeat under 'component' (a mapping: id, name, kind, …)",
        "repeat 条目在 'component' 下给出要重复的组件（一个映射：id、name、kind 等）",
    ),
    "RS054.repeat_entry_only": (
        "a repeat entry takes only 'repeat' and 'component' (the template); '{key}' belongs inside the component",
        "repeat 条目只包含 'repeat' 和 'component'（模板）；'{key}' 应写在组件里",
    ),
    "RS054.repeat_only_over": ("'repeat' takes only 'over'; '{key}' has no meaning here", "'repeat' 只包含 'over'；'{key}' 在此没有意义"),
    "RS054.repeat_over_names": (
        "'repeat' takes 'over': names, each with its list of values ({example})",
        "'repeat' 需要 'over'：若干名字，每个名字带其取值列表（{example}）",
    ),
    "RS055": (
        "'{name}' has {n_values} values but '{first}' has {first2}; the lists are taken together (the first value of each, then the second, …), so they must be equally long",
        "'{name}' 有 {n_values} 个值，而 '{first}' 有 {first2} 个；这些列表是并行取值的（先各取第一个，再各取第二个，……），所以必须一样长",
    ),
    "RS056.lone_repeated_template": (
        "a lone '{written}' in a repeated template; write {{{{ or }}}} for a brace itself, {{name}} for a placeholder",
        "重复模板中有单独的 '{written}'；花括号本身请写 {{{{ 或 }}}}，占位符写 {{name}}",
    ),
    "RS056.name_repeat_names": (
        "'{written}' is not a name of this repeat (its names: {names}); write {{{{ and }}}} for a brace itself",
        "'{written}' 不是本 repeat 的名字（其名字为：{names}）；花括号本身请写 {{{{ 和 }}}}",
    ),
    "RS056.without_quotes_yaml": (
        "{{{name}}} without quotes is a YAML mapping; write the placeholder in quotes: \"{{{name}}}\"",
        "不加引号的 {{{name}}} 是一个 YAML 映射；请把占位符写在引号中：\"{{{name}}}\"",
    ),
    "RS057.template_needs_id": (
        "the template needs an id with a placeholder ({example}), so each repetition has its own",
        "模板需要一个带占位符的 id（{example}），使每次重复有各自的 id",
    ),
    "RS057.template_s_id": (
        "the template's id has no placeholder of this repeat ({names}), so every repetition would have the same id; put one in it ({example})",
        "模板的 id 中没有本 repeat 的占位符（{names}），每次重复的 id 都会相同；请在 id 中放一个（{example}）",
    ),
    "RS058.id_comes_out": (
        "the id '{made_id}' comes out twice, in repetitions {first} ({first_label}) and {value} ({label}); give each repetition its own id (a placeholder whose values differ)",
        "id '{made_id}' 出现了两次，分别在第 {first} 次重复（{first_label}）和第 {value} 次重复（{label}）；请让每次重复有各自的 id（用取值各不相同的占位符）",
    ),
    "RS058.key_comes_out": ("the key '{new_key}' comes out twice", "键 '{new_key}' 出现了两次"),
    "RS059": (
        "'{written}' is inside a text, but its value is {what}; only a text or a number can go inside a text (a value that is just \"{written}\" takes any value)",
        "'{written}' 在一段文本中，但其值是 {what}；只有文本或数可以放进文本（值恰为 \"{written}\" 时可取任何值）",
    ),
    "RS060.function_needs_value": ("function {function} needs 'per_row' (the value of each row)", "函数 {function} 需要 'per_row'（每行的值）"),
    "RS060.function_ratio_over": (
        "function ratio needs 'over' (each row's denominator: the result is the sum of 'per_row' over the sum of 'over')",
        "函数 ratio 需要 'over'（每行的分母：结果为 per_row 之和除以 over 之和）",
    ),
    "RS060.function_share_needs": (
        "function share needs 'meeting' (the rows counted over all rows counted)",
        "函数 share 需要 'meeting'（被计数的行占全部计数行的比例）",
    ),
    "RS060.function_trimmed_mean": (
        "function trimmed_mean needs 'trim' ({{drop: 1, more_than: 5}})",
        "函数 trimmed_mean 需要 'trim'（{{drop: 1, more_than: 5}}）",
    ),
    "RS061.column_weights_name": (
        "column '{column}' is {type}; weights name the values of a text column (enum, text or id)",
        "列 '{column}' 的类型为 {type}；权重针对的是文本列（enum、text 或 id）的取值",
    ),
    "RS061.combine_weighted_needs": (
        "combine: weighted needs 'weights' (each group value → its weight)",
        "combine: weighted 需要 'weights'（每个组值 → 其权重）",
    ),
    "RS061.value_column": ("'{value}' is not a value of column '{column}' ({join})", "'{value}' 不是列 '{column}' 的取值（{join}）"),
    "RS061.values_column_have": (
        "values {unlisted} of column '{column}' have no weight; every group needs one",
        "列 '{column}' 的取值 {unlisted} 没有权重；每个组都需要一个",
    ),
    "RS061.weight_must_above": ("weight {weight} of '{value}' must be above 0 and at most 1", "'{value}' 的权重 {weight} 必须大于 0 且不超过 1"),
    "RS061.weights_add_up": ("the weights add up to {total} ({listing}), not 1", "权重合计为 {total}（{listing}），而不是 1"),
    "RS062.groups_on_subjects": (
        "'{key}' is for the rows of a cases table, not table: subjects; group subjects with 'within'",
        "'{key}' 用于 cases 表的行，而不是 table: subjects；要给对象分组请用 'within'",
    ),
    "RS062.rows_cases_table": ("'{key}' is for the rows of a cases table, not table: subjects", "'{key}' 用于 cases 表的行，而不是 table: subjects"),
    "RS062.table_means_every": (
        "table: {POPULATION} means every subject, but a table is declared with the id '{POPULATION}'; rename that table",
        "table: {POPULATION} 表示全部对象，但有一张表的 id 声明为 '{POPULATION}'；请给那张表改名",
    ),
    "RS062.table_subjects_function": (
        "table: subjects takes function {functions}; {function} is for the rows of a cases table",
        "table: subjects 可用的函数为 {functions}；{function} 用于 cases 表的行",
    ),
    "RS062.within_table_subjects": (
        "'within' is for table: subjects (every subject gets its group's value); split a table's rows with 'groups'",
        "'within' 用于 table: subjects（每个对象取其所在组的值）；要拆分一张表的行请用 'groups'",
    ),
    "RS064": (
        "trimming {drop} highest and {drop} lowest from {value} rows would leave {max}; 'more_than' must be at least {value2}",
        "从 {value} 行中去掉最高 {drop} 个和最低 {drop} 个后只剩 {max} 个；'more_than' 至少应为 {value2}",
    ),
    "RS065.column_dates_rows": (
        "column '{header}' dates the rows, so it must be filled in: remove 'required: false'",
        "列 '{header}' 为各行标明日期，必须填写：请删去 'required: false'",
    ),
    "RS065.column_table_s": (
        "column '{header}' is the table's {what} column: a row must say which subject and form it belongs to, so its cells cannot void their row",
        "列 '{header}' 是该表的{what}列：每行必须说明属于哪个对象和哪张表单，所以其单元格不能使其行作废",
    ),
    "RS065.dated_leaves_out": (
        "'dated_by' leaves out the rows outside the statistical period; give 'period' at the top of the ruleset",
        "'dated_by' 排除统计期以外的行；请在规则集顶层给出 'period'",
    ),
    "RS065.form_column_required": (
        "column '{header}' tells the table's forms apart, so it must be filled in: the rows with a blank cell could not say which form they are on, and would make one form together; remove 'required: false' (and any 'default')",
        "列 '{header}' 区分该表的各张表单，必须填写：该列为空的行说不清属于哪张表单，会被并成同一张表单；请删去 'required: false'（及 'default'）",
    ),
    "RS065.form_condition_tests": (
        "a form condition tests the rows of one form: give the table 'form' (the column whose equal values make one form)",
        "表单条件检查一张表单的各行：请给该表 'form'（取值相同即为同一表单的列）",
    ),
    "RS065.invalid_void_voids": (
        "'invalid: void' voids a row of a cases table; a {rows} table's row is not a form that can be left out (use 'invalid: error')",
        "'invalid: void' 作废 cases 表的一行；{rows} 表的行不是可以剔除的表单（请用 'invalid: error'）",
    ),
    "RS065.rows_cases_table": (
        "'{key}' is for a layout: cases table, whose rows can be left out; a {rows} table's rows cannot",
        "'{key}' 用于 layout: cases 表，其行可以剔除；{rows} 表的行不能",
    ),
    "RS066.placeholder_cell_s": (
        "'{{{unknown}}}' is not a placeholder of a cell's reason ({{value}}: the cell as written, {{header}}: its header)",
        "'{{{unknown}}}' 不是单元格原因的占位符（{{value}}：单元格原文，{{header}}：其表头）",
    ),
    "RS066.placeholder_reason": ("'{{{unknown}}}' is not a placeholder of this reason ({offered})", "'{{{unknown}}}' 不是此原因的占位符（{offered}）"),
    "RS067": (
        "scale '{name}' has grades without a value ({valueless}: null), which only a grade column may use; this component counts every grade by its value",
        "等级量表 '{name}' 有没有值的等级（{valueless}: null），只有 grade 列可以使用；此组件按每个等级的值计数",
    ),
    "RS068": (
        "rows {value} and {value2} both hold when '{name}' is {value3}; under hit: unique exactly one row may hold (hit: first takes the first that holds)",
        "当 '{name}' 为 {value3} 时第 {value} 行和第 {value2} 行都成立；hit: unique 下只能有一行成立（hit: first 取第一个成立的行）",
    ),
    "RS069.empty_outside_points": ("empty {empty} is outside 0–{points} (the points)", "empty {empty} 超出 0–{points}（分值）"),
    "RS069.value_outside_points": ("the value {value} is outside 0–{points} (the points)", "值 {value} 超出 0–{points}（分值）"),
    "RS070.does_apply": ("'{key}' does not apply in {label}: {ranked}", "'{key}' 不适用于{label}：{ranked}"),
    "RS070.ranking_does_apply": ("'in_ranking' does not apply in {label}: {named}", "'in_ranking' 不适用于{label}：{named}"),
    "RS070.row_key_on_subject": (
        "'{key}' names a column in a row condition; a condition on a subject names its value with 'of' (a field or a component; omitted, the total)",
        "'{key}' 在行条件中指明一列；对象条件用 'of' 指明其值（字段或组件；省略时为总分）",
    ),
    "RS070.subject_key_in_gate": (
        "'{key}' tests one subject; a gate tests the group: count the subjects meeting it with {{count_subjects: {{{key}: …}}, at_least: N}}, or compare the sum, mean, lowest or highest of a value",
        "'{key}' 检查的是单个对象；门槛检查的是整组：用 {{count_subjects: {{{key}: …}}, at_least: N}} 统计满足它的对象数，或比较某个值的 sum、mean、lowest 或 highest",
    ),
    "RS070.subject_key_in_row": (
        "'{key}' applies in a condition on a subject (tiers, vetoes, stage select, ranking.last, conditions); a row condition tests the row's own columns (column, blank, flag, expr, is)",
        "'{key}' 用于对象条件（等次、否决、阶段 select、ranking.last、conditions）；行条件检查的是该行自己的列（column、blank、flag、expr、is）",
    ),
    "RS070.subject_condition_in_row": (
        "'{name}' is a condition on a subject (conditions); a row condition names one of row_conditions, which test a row's columns",
        "'{name}' 是对象条件（conditions）；行条件只能引用 row_conditions 中检查一行各列的行条件",
    ),
    "RS070.row_condition_on_subject": (
        "'{name}' is a row condition (row_conditions), which tests a row's columns; a condition on a subject names one of conditions, or counts the rows meeting it with {{count_rows: <table>, where: {{is: {name}}}, at_least: 1}}",
        "'{name}' 是行条件（row_conditions），检查一行的各列；对象条件只能引用 conditions 中的条件，或用 {{count_rows: <表>, where: {{is: {name}}}, at_least: 1}} 统计满足它的行数",
    ),
    "RS070.tier_does_apply": ("'tier' does not apply in {label}: {no_tier}", "'tier' 不适用于{label}：{no_tier}"),
    "RS070.total_in_check": ("a check tests the facts, not the total: name the value with 'of'", "检查针对的是事实而不是总分：请用 'of' 指明该值"),
    "RS070.total_in_group_check": (
        "a group check is decided on the facts before anything is scored: it tests fields, not the total",
        "分组核对在计分之前按数据判断：只能检验字段，不能检验总分",
    ),
    "RS070.total_in_lookup": (
        "a lookup's rows are decided while the subject's components are computed, before the total is known: name the value compared with 'of'",
        "查找表的行在计算对象各组件时决定，此时总分尚未得出：请用 'of' 指明所比较的值",
    ),
    "RS071.component_scored_yet": ("component '{name}' is not scored yet where this condition is decided", "在决定此条件时，组件 '{name}' 尚未计分"),
    "RS071.field_component": ("'{name}' is not a field or a component", "'{name}' 既不是字段也不是组件"),
    "RS072.compares_numbers_compare": (
        "'{ordered}' compares numbers; {what} is {type} (compare it with equals or in)",
        "'{ordered}' 比较的是数；{what}的类型为 {type}（请用 equals 或 in 比较）",
    ),
    "RS072.number_value_compared": ("'{value}' is not a number; the value compared is a number", "'{value}' 不是数；所比较的值是数"),
    "RS073": (
        "tier '{name}' is not decided yet in {label}; a tier may test only the tiers declared before it and those a veto puts subjects in",
        "在{label}中等次 '{name}' 尚未决定；等次只能检查在它之前声明的等次，以及否决所定的等次",
    ),
    "RS074.condition_declared_after": (
        "condition '{name}' is declared at or after this one; a named condition may use only those declared before it",
        "条件 '{name}' 声明于本条件处或之后；命名条件只能使用在它之前声明的条件",
    ),
    "RS074.condition_declared_twice": ("condition '{name}' is declared twice", "条件 '{name}' 声明了两次"),
    "RS074.unknown_condition": ("unknown condition '{name}'", "未知的条件 '{name}'"),
    "RS074.unknown_row_condition": ("unknown row condition '{name}' (row_conditions)", "未知的行条件 '{name}'（row_conditions）"),
    "RS074.row_condition_named_twice": (
        "'{name}' is declared both in conditions and in row_conditions; one name means one condition",
        "'{name}' 同时声明于 conditions 和 row_conditions；一个名称只指一个条件",
    ),
    "RS075.consequences_go_rank": (
        "the consequences go by rank, but {not_ranked}; give the rank column ('rank') or rank the subjects",
        "consequences 按名次处理，但{not_ranked}；请给出名次列（'rank'）或为对象排名",
    ),
    "RS075.quota_taken_rank": ("a quota is taken by rank, but {not_ranked}", "配额按名次分配，但{not_ranked}"),
    "RS077.deduction_without_points": ("a deduction without 'points' needs a 'base' to deduct from", "没有 'points' 的扣分项需要一个 'base' 作为扣分基础"),
    "RS077.kind_needs_points": ("this kind needs 'points': {why}", "此 kind 需要 'points'：{why}"),
    "RS078": (
        "'{id}' names both a value and a consequence value; the unit's 'values' publishes both, so keep one",
        "'{id}' 既是一个值又是一个后果值的名字；单位的 'values' 会同时公布两者，请只保留一个",
    ),
    "RS079.row_never_reached": (
        "row {value} is never reached: row {value2} holds wherever it holds, and under hit: first the first row that holds gives the value; put the narrower row first",
        "第 {value} 行永远不会用到：凡它成立处第 {value2} 行都成立，而 hit: first 下由第一个成立的行给出值；请把范围更窄的行放在前面",
    ),
    "RS079.row_without_when": (
        "a row without 'when' always holds, so the {value} row(s) after it would never be reached; put it last",
        "没有 'when' 的行总是成立，其后的 {value} 行永远不会用到；请把它放在最后",
    ),
    "RS079.under_hit_unique": (
        "under hit: unique every row needs 'when': a row that always holds would hold together with any other; say the value when no row holds with 'empty', or take the first row that holds with hit: first",
        "hit: unique 下每一行都需要 'when'：总是成立的行会与其他任何行同时成立；没有行成立时的值请用 'empty' 给出，或用 hit: first 取第一个成立的行",
    ),
    "RS080": ("ranking '{name}' is declared twice", "排名 '{name}' 声明了两次"),
    "RS081": ("unknown ranking '{ranking}'", "未知的排名 '{ranking}'"),
    "RS084": ("'{key}' takes numbers over the group's subjects; '{of}' is {type}", "'{key}' 取的是组内对象的数值；'{of}' 的类型为 {type}"),
    "RS085": ("gate '{name}' is declared twice", "门槛 '{name}' 声明了两次"),
    "RS088.veto_tier": (
        "'tier' on a veto is now 'forces' (the tier the veto puts the subject in); 'tier' is a condition: the subject holds that tier",
        "否决项上的 'tier' 现写作 'forces'（否决时列入的等次）；'tier' 是条件：对象已列入该等次",
    ),
    "RS088.gate_subjects": (
        "'subjects' in a gate condition is now 'count_subjects' (how many of the group's subjects meet a condition, or all of them); 'subjects' is the table of subjects under inputs",
        "门槛条件中的 'subjects' 现写作 'count_subjects'（组内满足条件的对象个数，或全部对象个数）；'subjects' 是 inputs 下的评议对象表",
    ),
    "RS088.gate_min": (
        "'min' in a gate condition is now 'lowest' (the least value of this field in the group); 'min' is a lower bound",
        "门槛条件中的 'min' 现写作 'lowest'（组内此值的最小者）；'min' 是下限",
    ),
    "RS088.gate_max": (
        "'max' in a gate condition is now 'highest' (the greatest value of this field in the group); 'max' is an upper bound",
        "门槛条件中的 'max' 现写作 'highest'（组内此值的最大者）；'max' 是上限",
    ),
    "RS088.condition_rows": (
        "'rows' in a condition is now 'count_rows' (the number of the subject's rows in this table, meeting 'where'); 'rows' are a lookup table's rows",
        "条件中的 'rows' 现写作 'count_rows'（对象在此表中满足 where 的行数）；'rows' 是查找表的各行",
    ),
    "RS088.form_rows": (
        "'rows' in a form condition is now 'count_rows' (the number of the form's rows meeting this row condition); 'rows' are a lookup table's rows",
        "表单条件中的 'rows' 现写作 'count_rows'（表单中满足此行条件的行数）；'rows' 是查找表的各行",
    ),
    "RS088.condition_ranking": (
        "'ranking' in a condition is now 'in_ranking' (the named ranking top / bottom count in); 'ranking' is the ranking rules",
        "条件中的 'ranking' 现写作 'in_ranking'（top / bottom 所按的命名排名）；'ranking' 是排名规则",
    ),
    "RS088.quota_ranking": (
        "'ranking' in a quota is now 'in_ranking' (the named ranking the quota is taken in); 'ranking' is the ranking rules",
        "名额中的 'ranking' 现写作 'in_ranking'（取名额所按的命名排名）；'ranking' 是排名规则",
    ),
    "RS088.void_form": (
        "'form' on a void rule is now 'form_when' (the condition on a whole form that voids it); 'form' names a table's form columns",
        "作废规则上的 'form' 现写作 'form_when'（使整张表单作废的表单条件）；'form' 是表的表单列",
    ),
    "RS088.band_values": (
        "'values' on a consequences band is now 'results' (result name → value); 'values' is the section of named values",
        "consequences 名次段上的 'values' 现写作 'results'（结果名称 → 值）；'values' 是命名取值部分",
    ),
    "RS088.stage_components": (
        "'components' on a stage is now 'adds' (the ids of the top-level components this stage adds); 'components' are components themselves",
        "阶段上的 'components' 现写作 'adds'（本阶段加入的顶层指标编号）；'components' 是指标本身",
    ),
    "RS088.numbers_round": (
        "'round' in numbers is now 'round_at' (where numbers are rounded: total or components); 'round' is how a count is rounded (up, down, half_up)",
        "numbers 中的 'round' 现写作 'round_at'（在哪一级舍入：total 或 components）；'round' 是个数的取整方向（up、down、half_up）",
    ),
    "RS088.column_values": (
        "'values' on a column is now 'choices' (the values an enum column allows); 'values' is the section of named values",
        "列上的 'values' 现写作 'choices'（enum 列允许的取值）；'values' 是命名取值部分",
    ),
    "RS088.column_places": (
        "'places' on a column is now 'max_places' (the most decimals a cell may have); 'places' is the published decimal places in numbers",
        "列上的 'places' 现写作 'max_places'（单元格至多的小数位数）；'places' 是 numbers 中公布分数的小数位数",
    ),
    "RS088.table_title": (
        "'title' on a table is now 'name' (its Chinese name); 'title' is a source document's title",
        "表上的 'title' 现写作 'name'（表的中文名称）；'title' 是来源方案的标题",
    ),
    "RS088.table_rows": (
        "'rows' on a table is now 'layout' (what its rows are: per_subject, cases or keyed); 'rows' are a lookup table's rows",
        "表上的 'rows' 现写作 'layout'（行的含义：per_subject、cases 或 keyed）；'rows' 是查找表的各行",
    ),
    "RS088.subjects_id": (
        "'id' in inputs.subjects is now 'id_column' (the header of the subjects' id column); 'id' is an entry's own id",
        "inputs.subjects 中的 'id' 现写作 'id_column'（对象编码列的表头）；'id' 是条目自身的编号",
    ),
    "RS088.subjects_name": (
        "'name' in inputs.subjects is now 'name_column' (the header of the subjects' name column); 'name' is an entry's own name",
        "inputs.subjects 中的 'name' 现写作 'name_column'（对象名称列的表头）；'name' 是条目自身的名称",
    ),
    "RS088.aggregate_of": (
        "'of' on an aggregate is now 'per_row' (the value taken from each row: a column or a row expression); 'of' names the value a condition compares",
        "汇总（aggregate）上的 'of' 现写作 'per_row'（每行的取值：列或行表达式）；'of' 是条件所比较的值",
    ),
    "RS088.expression_blank": (
        "'blank' on an expression is now 'on_blank' (what a blank name does: error, zero or blank); 'blank' is a condition: the field is blank",
        "表达式上的 'blank' 现写作 'on_blank'（名称为空时：error、zero 或 blank）；'blank' 是条件：字段为空",
    ),
    "RS088.aggregate_blank": (
        "'blank' on an aggregate is now 'on_blank' (what a blank per_row value does: error or skip); 'blank' is a condition: the field is blank",
        "汇总（aggregate）上的 'blank' 现写作 'on_blank'（每行取值为空时：error 或 skip）；'blank' 是条件：字段为空",
    ),
    "RS088.cases_code": (
        "'code' on a cases component is now 'code_column' (the column whose value picks the item); 'code' is an item's own code",
        "cases 组件上的 'code' 现写作 'code_column'（按其取值选中事项的列）；'code' 是事项自身的代码",
    ),
    "RS088.cases_amount": (
        "'amount' on a cases component is now 'amount_column' (the column holding each row's amount for items with a range); 'amount' is an item's fixed amount per case",
        "cases 组件上的 'amount' 现写作 'amount_column'（区间事项各行分值所在的列）；'amount' 是事项每件的固定分值",
    ),
    "RS088.exemption_items": (
        "'items' on an exemption is now 'codes' (the codes of the items it applies to); 'items' are a component's items themselves",
        "免扣项上的 'items' 现写作 'codes'（适用事项的代码）；'items' 是组件的事项本身",
    ),
    "RS088.modifier_items": (
        "'items' on a cases modifier is now 'codes' (the codes of the items it applies to); 'items' are a component's items themselves",
        "倍数项上的 'items' 现写作 'codes'（适用事项的代码）；'items' 是组件的事项本身",
    ),
    "RS088.highest_only_items": (
        "'items' in highest_only is now 'codes' (the codes of the items it applies to); 'items' are a component's items themselves",
        "highest_only 中的 'items' 现写作 'codes'（适用事项的代码）；'items' 是组件的事项本身",
    ),
    "RS088.ballots_grade": (
        "'grade' on a ballots component is now 'column' (the column read: each ballot's grade); 'grade' is a grade in a distribution limit",
        "ballots 组件上的 'grade' 现写作 'column'（所读的列：每张票的等次）；'grade' 是分布限制中的等次",
    ),
    "RS088.rating_rows": (
        "'rows' on a rating is now 'where' (the row condition choosing the rows counted); 'rows' are a lookup table's rows",
        "rating 上的 'rows' 现写作 'where'（选出计入行的行条件）；'rows' 是查找表的各行",
    ),
    "RS088.band_when": (
        "'when' on a consequences band is now 'key_value' (a value of the column 'key'); 'when' is a condition",
        "consequences 名次段上的 'when' 现写作 'key_value'（列 'key' 的一个取值）；'when' 是条件",
    ),
    "RS088.consequences_by": (
        "'by' in consequences is now 'key' (the column holding each subject's type, matched by a band's 'key_value'); 'by' is what a ranking is ordered by",
        "consequences 中的 'by' 现写作 'key'（各对象类别所在的列，与各名次段的 'key_value' 相匹配）；'by' 是排名的排序依据",
    ),
    "RS088.distribution_at_least": (
        "'at_least' on a distribution is now a limit in 'shares': {{grade: …, at_least: <share>, round: …}}; 'at_least' compares a value",
        "分布检查上的 'at_least' 现写作 'shares' 中的一项限制：{{grade: …, at_least: <比例>, round: …}}；'at_least' 用于比较一个值",
    ),
    "RS088.distribution_at_most": (
        "'at_most' on a distribution is now a limit in 'shares': {{grade: …, at_most: <share>, round: …}}; 'at_most' compares a value",
        "分布检查上的 'at_most' 现写作 'shares' 中的一项限制：{{grade: …, at_most: <比例>, round: …}}；'at_most' 用于比较一个值",
    ),
    "RS088.highest_only_by": (
        "'by' in highest_only is now 'matter' (the columns whose equal values make one matter); 'by' is what a ranking is ordered by",
        "highest_only 中的 'by' 现写作 'matter'（取值都相同的行视为同一事项的列）；'by' 是排名的排序依据",
    ),
    "RS088.item_by": (
        "'by' on a cases item is now 'key' (the column whose value picks the amount in 'amounts'); 'by' is what a ranking is ordered by",
        "cases 条目上的 'by' 现写作 'key'（按其取值在 'amounts' 中查分值的列）；'by' 是排名的排序依据",
    ),
    "RS088.modifier_factor": (
        "'factor' on a cases modifier is now 'multiply' (the number the matching rows' amounts are multiplied by)",
        "cases 倍数项（modifiers）上的 'factor' 现写作 'multiply'（条件成立的行的分值所乘的数）",
    ),
    "RS088.rating_factor": (
        "'factor' on a rating is now 'multiply' (the field the score is multiplied by)",
        "rating 上的 'factor' 现写作 'multiply'（得分所乘的字段）",
    ),
    "RS088.share_limit_share": (
        "'share' in a distribution limit is now the value of 'at_most' or 'at_least' ({{grade: …, at_most: 0.2, round: …}})",
        "分布限制项中的 'share' 现写作 'at_most' 或 'at_least' 的值（{{grade: …, at_most: 0.2, round: …}}）",
    ),
    "RS088.weighted_scale": (
        "'scale' on a weighted component is now 'multiply' (the number the weighted sum is multiplied by); 'scale' names a scales entry",
        "加权组件上的 'scale' 现写作 'multiply'（加权结果所乘的数）；'scale' 指 scales 中的分值表",
    ),
    "RS088.multipliers_times": (
        "'times' in a multipliers entry is now 'multiply' (a number, or the column whose value multiplies the row's value), as everywhere a factor is written",
        "倍数条目中的 'times' 现写作 'multiply'（一个数，或以其值乘该行取值的列），与其他乘数的写法相同",
    ),
    "RS088.form_exactly": (
        "'exactly' in a form condition is now 'equals' (the count of the form's rows meeting count_rows is this number), as in every other count",
        "表单条件中的 'exactly' 现写作 'equals'（表单中满足 count_rows 的行数等于此数），与其他计数的写法相同",
    ),
    "RS088.keep_highest_same": (
        "'same' in keep_highest is now 'matter' (the columns whose equal values make one matter, as in highest_only); 'same' is a form condition: all the form's rows are equal in these columns",
        "keep_highest 中的 'same' 现写作 'matter'（取值都相同的行视为同一事项的列，与 highest_only 相同）；'same' 是表单条件：表单各行在这些列上全部相同",
    ),
    "RS044.row_interval_empty": ("row {row}'s interval {interval} is empty", '第 {row} 行的区间 {interval} 是空的'),
    "RS079.unique_needs_when": ("under hit: unique every row needs 'when': a row that always holds would hold together with any other", "hit: unique 下每一行都需要 'when'：总是成立的行会与其他任何行同时成立"),
    "RS095.lookups_entry": ("'{key}' is no longer a key of a lookups entry; {instead}", "'{key}' 已不是 lookups 条目的键；{instead}"),
    "RS095.rank_deduction_by": ("'{key}' is no longer a key of rank_deduction; free places by group are written {instead} (a lookup table of the free places)", "'{key}' 已不是 rank_deduction 的键；按组的免扣名次写作 {instead}（免扣名次的查表）"),
    "RS095.free_mapping": ("a mapping of groups is no longer a value of '{key}'; write {instead} (a lookup table of the free places)", "'{key}' 的值不能再写成各组的映射；请写 {instead}（免扣名次的查表）"),
    "RS096.no_condition": ('no row has a condition; {shape}', '没有一行带条件；{shape}'),
    "RS096.row_not_interval": ('row {row} is not an interval of one column; {shape}', '第 {row} 行不是某一列上的区间；{shape}'),
    "RS096.row_on_other": ("row {row} is on '{of}', not '{column}'; {shape}", "第 {row} 行针对的是 '{of}'，而不是 '{column}'；{shape}"),
    "RS096.value_not_number": ("the value '{value}' is not a number; {shape}", "取值 '{value}' 不是数；{shape}"),
    "RS097.empty": ("free places are a whole number of places; empty is '{empty}' (error, or a whole number)", "免扣名次须为整数个名次；empty 为 '{empty}'（应为 error 或一个整数）"),
    "RS097.row": ("free places are a whole number of places; row {row} gives '{value}'", "免扣名次须为整数个名次；第 {row} 行给出的是 '{value}'"),
    "RS098": ("no row holds when '{column}' is {missing}; add a row for it, or declare 'empty'", "'{column}' 为 {missing} 时没有一行成立；请为它加一行，或声明 'empty'"),
}
