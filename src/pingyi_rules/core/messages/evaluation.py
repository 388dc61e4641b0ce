"""The evaluation messages: (English, 中文) per key (see core.messages)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "EV001": ("no subject '{subject}' in the facts", "数据中没有对象 '{subject}'"),
    "EV003.below": ("{name} = {value} is below the min {low}", "{name} = {value} 低于下限 {low}"),
    "EV003.outside": ("{name} = {value} is outside {low}–{high}", "{name} = {value} 超出 {low}–{high}"),
    "EV004": ("expression '{expr}': {problem}", "表达式 '{expr}'：{problem}"),
    "EV005.above": (
        "expression '{expr}' gave {value}, above the max {high}",
        "表达式 '{expr}' 的结果 {value} 高于上限 {high}",
    ),
    "EV004.let": ("expression '{expr}': {problem} ({values})", "表达式 '{expr}'：{problem}（{values}）"),
    "EV005.below": (
        "expression '{expr}' gave {value}, below the min {low}",
        "表达式 '{expr}' 的结果 {value} 低于下限 {low}",
    ),
    "EV005.lookup_not_number": (
        "row {row}'s value '{value}' gave {result}, not a number",
        "第 {row} 行的取值 '{value}' 的结果是 {result}，不是数字",
    ),
    "EV005.lookup_outside": (
        "row {row}'s value '{value}' gave {result}, outside 0–{points} (the points)",
        "第 {row} 行的取值 '{value}' 的结果 {result} 超出 0–{points}（分值）",
    ),
    "EV005.not_number": ("expression '{expr}' gave {value}, not a number", "表达式 '{expr}' 的结果是 {value}，不是数字"),
    "EV005.outside": (
        "expression '{expr}' gave {value}, outside {low}–{high}",
        "表达式 '{expr}' 的结果 {value} 超出 {low}–{high}",
    ),
    "EV005.row_not_number": ("'{expr}' gave {value}, not a number", "'{expr}' 的结果是 {value}，不是数字"),
    "EV007.aggregate": (
        "an aggregate over table: subjects needs every subject; use score()",
        "table: subjects 的 aggregate 需要全部对象；请用 score()",
    ),
    "EV007.fact_set": (
        "the nested ruleset '{ruleset}' reads tables {tables}; score from the facts folder or workbook, not a FactSet",
        "嵌套的规则集 '{ruleset}' 读取表 {tables}；请从数据文件夹或工作簿计分，不要用 FactSet",
    ),
    "EV007.nested": ("a nested ruleset scores the whole population; use score()", "嵌套的规则集对全体对象计分；请用 score()"),
    "EV008.blank": ("{name} is blank", "{name} 为空"),
    "EV008.expression": ("expression '{expr}': {problem}", "表达式 '{expr}'：{problem}"),
    "EV008.group_blank": ("the group column {column} is blank", "分组列 {column} 为空"),
    "EV008.row_blank": ("'{expr}': {column} is blank", "'{expr}'：{column} 为空"),
    "EV008.stage_row": (
        "selected for {stage} but has no row in table '{table}'",
        "已入选{stage}，但表 '{table}' 中没有它的行",
    ),
    "EV009": (
        "{within} {group}: {field} {value} for {have} (subjects counted: {size}; {field}: {counts}); {allowed} allowed",
        "{within} {group} 计入的 {size} 个对象中有 {have} 个{field}为 {value}（{field}：{counts}）；只允许{allowed}",
    ),
    "EV009.all": ("{within} {group}: subjects counted: {size}; {allowed} allowed", "{within} {group} 计入 {size} 个对象；只允许{allowed}"),
    "EV009.condition": (
        "{within} {group} does not meet {condition} (subjects counted: {size})",
        "{within} {group} 不满足 {condition}（计入 {size} 个对象）",
    ),
    "EV009.measure": (
        "{within} {group}: the {measure} of {of} over the subjects counted ({size}) is {value}; {allowed} allowed",
        "{within} {group} 计入的 {size} 个对象的 {of} {measure}为 {value}；只允许{allowed}",
    ),
    "EV009.meeting": (
        "{within} {group}: meeting {condition}: {have} (subjects counted: {size}); {allowed} allowed",
        "{within} {group} 计入的 {size} 个对象中有 {have} 个满足 {condition}；只允许{allowed}",
    ),
    "EV010.rows": (
        "no row of table '{table}' counts for this subject ({reason}); declare 'empty' (blank, or a number such as 0) if that may happen",
        "表 '{table}' 中没有计入此对象的行（{reason}）；如果可能出现这种情况，请声明 'empty'（blank，或一个数，如 0）",
    ),
    "EV010.rows_undeclarable": (
        "no row of table '{table}' counts for this subject ({reason})",
        "表 '{table}' 中没有计入此对象的行（{reason}）",
    ),
    "EV010.subjects": (
        "no subject of {scope} has a value of {what}; declare 'empty' (blank, or a number) if that may happen",
        "{scope}中没有对象有 {what} 的值；如果可能出现这种情况，请声明 'empty'（blank，或一个数）",
    ),
    "EV011.absent": (
        "group(s) {groups} have no counted row; declare 'missing: renormalise' to spread their weight over the others",
        "组 {groups} 没有计入的行；请声明 'missing: renormalise'，把其权重分摊到其他组",
    ),
    "EV011.no_weight": (
        "group '{group}' has no weight (weights: {weights})",
        "组 '{group}' 没有权重（权重：{weights}）",
    ),
    "EV012": (
        "{function} {value} is outside 0–{points} (the points)",
        "{function} {value} 超出 0–{points}（分值）",
    ),
    "EV013.blank": (
        "'{name}' is blank and cannot be compared; test it first with {{blank: {name}}}",
        "'{name}' 为空，无法比较；请先用 {{blank: {name}}} 检验",
    ),
    "EV013.no_points": (
        "'{name}' has no points and cannot be compared; test it first with {{blank: {name}}}",
        "'{name}' 没有得分，无法比较；请先用 {{blank: {name}}} 检验",
    ),
    "EV013.row_column": (
        "column '{column}' is blank here and cannot be compared; test it first with {{blank: {column}}} (in an 'any' or 'all' before the comparison)",
        "列 '{column}' 在此为空，无法比较；请先用 {{blank: {column}}} 检验（写在比较之前的 'any' 或 'all' 中）",
    ),
    "EV014.not_yes_no": (
        "expression '{expr}' gave {value}, not {yes} or {no}",
        "表达式 '{expr}' 的结果是 {value}，应为{yes}或{no}",
    ),
    "EV015": ("the check '{check}' does not hold for this subject", "此对象不满足检查 '{check}'"),
    "EV016": (
        "no row of the lookup holds for this subject ({rows}); declare 'empty' (blank, or a number) if that may happen",
        "对此对象，查表没有一行成立（{rows}）；如果可能出现这种情况，请声明 'empty'（blank，或一个数）",
    ),
    "EV017": (
        "rows {first} ({first_text}) and {second} ({second_text}) both hold; under hit: unique exactly one row may hold",
        "第 {first} 行（{first_text}）和第 {second} 行（{second_text}）都成立；hit: unique 时只能有一行成立",
    ),
    "EV018.blank": (
        "'{name}' is blank, so gate '{gate}' cannot take the {key} of its group (give every subject the value, or count the subjects that have it with 'count_subjects')",
        "'{name}' 为空，门槛 '{gate}' 无法取其组的 {key}（请给每个对象填上该值，或用 'count_subjects' 统计有该值的对象数）",
    ),
    "EV018.check_blank": (
        "'{name}' is blank, so check '{check}' cannot take the {key} of its group (give every subject the value, or count the subjects that have it with 'count_subjects')",
        "'{name}' 为空，核对 '{check}' 无法取其组的 {key}（请给每个对象填上该值，或用 'count_subjects' 统计有该值的对象数）",
    ),
    "EV018.no_points": (
        "'{name}' has no points, so gate '{gate}' cannot take the {key} of its group (give every subject the value, or count the subjects that have it with 'count_subjects')",
        "'{name}' 没有得分，门槛 '{gate}' 无法取其组的 {key}（请给每个对象填上该值，或用 'count_subjects' 统计有该值的对象数）",
    ),
    "EV026": (
        "'{value}' is in no row of the lookup on '{name}' (its rows name {values})",
        "'{value}' 不在 '{name}' 查表的任何一行中（各行为 {values}）",
    ),
    "EV027": (
        "the check '{check}' does not hold ({values})",
        "不满足核对 '{check}'（{values}）",
    ),
    "EV030": (
        "no row of table '{table}' counts for this subject ({reason}): {void} of its rows there are void, the first at {at}: {first}",
        "表 '{table}' 中没有计入此对象的行（{reason}）：此对象在表中有 {void} 行作废，第一行在 {at}：{first}",
    ),
    "EV033.all": (
        'its rows',
        '其各行',
    ),
    "EV033.among": (
        'its rows for {narrowed}',
        '其中 {narrowed} 的行',
    ),
    "EV033.blank": (
        "blank; the per_row table takes the row by '{column}' ({among} name {values})",
        "未填写；per_row 行表按 '{column}' 取行（{among}写的是 {values}）",
    ),
    "EV033.none": (
        "no row of the per_row table holds for this row ({cells}); add a row for it, or declare 'empty'",
        "per_row 的行表中没有一行对此行成立（{cells}）；请为它加一行，或声明 'empty'",
    ),
    "EV033.two": (
        'rows {first} and {second} of the per_row table both hold for this row ({cells}), and its hit is unique',
        'per_row 的行表第 {first} 行和第 {second} 行都对此行成立（{cells}），而其 hit 为 unique',
    ),
    "EV033.value": (
        "'{value}' is in no row of the per_row table on '{column}' ({among} name {values})",
        "'{value}' 不在 per_row 行表中 '{column}' 的任何一行（{among}写的是 {values}）",
    ),
    "phrase.at_component": ("{path}: {message}", "{path}：{message}"),
    "phrase.bound_above": ("more than {bound}", "多于 {bound}"),
    "phrase.bound_at_least": ("at least {bound}", "不少于 {bound}"),
    "phrase.bound_at_most": ("at most {bound}", "不超过 {bound}"),
    "phrase.bound_below": ("less than {bound}", "少于 {bound}"),
    "phrase.bound_between": ("between {low} and {high}", "介于 {low} 与 {high} 之间"),
    "phrase.bound_equals": ("exactly {bound}", "恰为 {bound}"),
    "phrase.chooses_consequences": ("chooses the consequences", "用于选择结果运用规则"),
    "phrase.expr_problem": ("'{expr}': {problem}", "'{expr}'：{problem}"),
    "phrase.expression_problem": ("expression '{expr}': {problem}", "表达式 '{expr}'：{problem}"),
    "phrase.groups_distribution": ("groups distribution '{name}'", "用于等次比例 '{name}' 的分组"),
    "phrase.groups_gate": ("groups gate '{name}'", "用于门槛 '{name}' 的分组"),
    "phrase.groups_ranking": ("groups the ranking", "用于排名分组"),
    "phrase.groups_ranks_of": ("groups the ranks of '{component}'", "用于 '{component}' 的名次分组"),
    "phrase.groups_stage": ("groups stage '{stage}'", "用于阶段 '{stage}' 的分组"),
    "phrase.groups_subjects_of": ("groups the subjects of '{component}'", "用于 '{component}' 的对象分组"),
    "phrase.in_subject": ("{subject}: {path}: {message}", "{subject}：{path}：{message}"),
    "phrase.joins_table": ("joins table '{table}'", "用于关联表 '{table}'"),
    "phrase.lookup_value_problem": (
        "row {row}'s value '{value}': {problem}",
        "第 {row} 行的取值 '{value}'：{problem}",
    ),
    "phrase.no_rows": ("no rows", "没有行"),
    "phrase.of": ("per_row {message}", "per_row 中的{message}"),
    "phrase.of_skip": (
        "per_row {message}; 'on_blank: skip' leaves such rows out",
        "per_row 中的{message}；写 'on_blank: skip' 可略去这样的行",
    ),
    "phrase.over": ("over {message}", "over 中的{message}"),
    "phrase.over_skip": (
        "over {message}; 'on_blank: skip' leaves such rows out",
        "over 中的{message}；写 'on_blank: skip' 可略去这样的行",
    ),
    "phrase.row_table_value": (
        'per_row row {row} ({label}): {message}',
        'per_row 第 {row} 行（{label}）：{message}',
    ),
    "phrase.totals": ("totals {label} {message}", "totals {label} 中的{message}"),
    "phrase.one_row_none_counted": ("1 row, none counted", "1 行，无一计入"),
    "phrase.rows_none_counted": ("{count} rows, none counted", "{count} 行，无一计入"),
    "EV021.points": (
        ("{subject} {name}: scored again to write its trace, the subject gave {points} points for {component}, not {expected} "
        "(scoring is not repeatable here: an internal error, please report it with the ruleset and facts)"),
        ("{subject} {name}：为写出计分过程重新计分，{component} 得 {points} 分，而不是 {expected} 分"
        "（此处计分不可重复：这是内部错误，请连同规则集和数据一并报告）"),
    ),
    "EV021.tree": (
        ("{subject} {name}: scored again to write its trace, the subject gave another result tree "
        "(scoring is not repeatable here: an internal error, please report it with the ruleset and facts)"),
        ("{subject} {name}：为写出计分过程重新计分，得到的结果树不同"
        "（此处计分不可重复：这是内部错误，请连同规则集和数据一并报告）"),
    ),
    # renames
    "EV022.group": ("its group ({fields})", "其所在组（{fields}）"),
    "EV022.population": ("the population", "全体对象"),
    "EV022.short": (
        "the quota is {quota}, but only {candidates} of the {counted} of {group} are not barred from it (short: error)",
        "名额为 {quota} 个，但{group}的 {counted}中只有 {candidates} 个未被禁止列入（short: error）",
    ),
    "EV022.short_among": (
        "the quota is {quota}, but only {candidates} of the {counted} of {group} meet its among condition and are not barred from it (short: error)",
        "名额为 {quota} 个，但{group}的 {counted}中只有 {candidates} 个满足其 among 条件且未被禁止列入（short: error）",
    ),
    "EV022.subject": ("{n} subject", "{n} 个对象"),
    "EV022.subjects": ("{n} subjects", "{n} 个对象"),
    "EV029": (
        "ratio: '{over}' adds up to 0 over the {rows} counted row(s) ({of} over 0), so there is nothing to divide by",
        "ratio：计入的 {rows} 行的 '{over}' 合计为 0（{of} 除以 0），无法相除",
    ),
    "phrase.measure_highest": ("max", "最大值"),
    "phrase.measure_lowest": ("min", "最小值"),
    "phrase.measure_mean": ("mean", "平均"),
    "phrase.measure_sum": ("sum", "合计"),
    "phrase.value_in": ("in {values}", "属于 {values}"),
}
