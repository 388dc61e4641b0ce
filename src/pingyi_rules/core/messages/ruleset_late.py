"""The ruleset messages RS100 and after: (English, 中文) per key (see core.messages)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "RS103": (
        "this {kind} node, written as a {core} component, is not a valid one (an internal error, please report it with the ruleset): {problem}",
        "此 {kind} 组件展开为 {core} 组件后无效（内部错误，请连同规则集一并报告）：{problem}",
    ),
    "RS104": (
        "{kind} is computed as an expression over column '{column}', and an expression cannot name it; give the column a 'name' an expression can use (letters, digits after the first, _)",
        "{kind} 按对列 '{column}' 的表达式计算，而表达式无法引用这个列名；请为该列写一个表达式可用的 'name'（字母或汉字开头，其后可有数字、_）",
    ),
    "RS107": (
        "the intermediate value '{name}' has the name of a field, a component or a named value; give it a name of its own",
        "中间值 '{name}' 与某个字段、评分项或命名值同名；请另取一个名字",
    ),
    "RS109.empty": (
        "the intermediate value '{name}' is a lookup table whose empty is 'blank'; an intermediate value is a number (empty: error, or a number)",
        "中间值 '{name}' 是一个查表，其 empty 为 'blank'；中间值须为一个数（empty 应为 error 或一个数）",
    ),
    "RS109.row": (
        "the intermediate value '{name}' is a lookup table whose row {row} gives no value (blank); an intermediate value is a number (a number or an expression)",
        "中间值 '{name}' 是一个查表，其第 {row} 行不给出取值（blank）；中间值须为一个数（一个数或一个表达式）",
    ),
    "RS110": (
        "the ballots nodes of table '{table}' name one {key} column: '{first}' (as '{id}' does)",
        "表 '{table}' 上的各 ballots 评分项须用同一 {key} 列：'{first}'（与 '{id}' 相同）",
    ),
    "RS111": (
        "table '{table}' declares its forms by {form}, but its {kind} nodes make column '{column}' its form",
        "表 '{table}' 以 {form} 划分表单，而其上的 {kind} 评分项以 '{column}' 列划分表单",
    ),
    "RS115.running_sum": (
        "'{key}' limits a running sum in row order; it needs function sum without groups (function is {function})",
        "'{key}' 按行序限定累计的合计；需要 function: sum 且不分组（function 为 {function}）",
    ),
    "RS115.value_steps": (
        "'{key}' works on each row's value, and function {function} gives the rows none; use sum, mean, min, max or trimmed_mean",
        "'{key}' 作用于每行的取值，而函数 {function} 的行没有取值；请用 sum、mean、min、max 或 trimmed_mean",
    ),
    "RS116": (
        "'in_period' leaves out the rows dated outside the statistical period; the ruleset has none ('period' at the top of the ruleset)",
        "'in_period' 不计统计期外的行；规则集没有统计期（规则集顶层的 'period'）",
    ),
    "RS117.floor_at_base": (
        'floor {floor} is not below base {base}; the value could never be anything else',
        '保底 {floor} 不低于基准分 {base}；取值只能是它',
    ),
    "RS117.no_points": (
        "'above_points: cap' stops the sum at the points; this component has no 'points'",
        "'above_points: cap' 使合计至多为分值；此评分项没有 'points'",
    ),
    "RS118.always_last": (
        "a row without 'when' always holds; only the last row may have none",
        "无 'when' 的行总是成立；只有最后一行可以省略",
    ),
    "RS118.always_unique": (
        "a row without 'when' always holds; under hit: unique it would hold with every other row (use hit: first)",
        "无 'when' 的行总是成立；在 hit: unique 下它会与其他每一行同时成立（请用 hit: first）",
    ),
    "RS118.empty_blank": (
        "each row's value is a number: the per_row table's 'empty' is error or a number, not blank",
        "每行的取值是一个数：per_row 行表的 'empty' 为 error 或一个数，不能为 blank",
    ),
    "RS119": (
        "a number in 'multiply' needs a 'reason' (what the trace says it multiplies for)",
        "'multiply' 为一个数时需要 'reason'（计算过程中写明为何乘以此数）",
    ),
    "RS121": (
        "{what} must add up to {points}, but '{child}' has no points: give it points, make it a named value (values:) or a bonus outside the total (outside: true), or leave out the parent's 'points' (no full marks, nothing to add up)",
        "{what}须合计为 {points}，但 '{child}' 没有分值：请给它分值，或改为命名取值（values:）或总分外的加分（outside: true），或省略上级的 'points'（不设满分，无须合计）",
    ),
    "RS121.weighted": (
        "multiply × Σ weight × child points must come to the points {points}, but '{child}' has no points: give it points (its full marks), make it a named value (values:), or leave out the weighted parent's 'points' (no full marks, nothing to check)",
        "multiply × Σ 权重 × 子项分值须等于分值 {points}，但 '{child}' 没有分值：请给它分值（满分），或改为命名取值（values:），或省略加权上级的 'points'（不设满分，无须核对）",
    ),
}
