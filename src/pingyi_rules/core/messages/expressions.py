"""The expression messages (expressions.ExpressionProblem): (English, 中文) per key (see core.messages).

A problem with an expression is said inside the error of whatever reads the expression (RS030 at
load, EV004/EV008/EV013/EV014 while scoring, FA043 for a row check), so its keys are phrases.
"""

ENTRIES: dict[str, tuple[str, str]] = {
    # the kinds of value, and values and operands as a message names them
    "phrase.expr_a_date": ("a date", "日期"),
    "phrase.expr_a_number": ("a number", "数"),
    "phrase.expr_a_value": ("a value", "值"),
    "phrase.expr_a_yesno": ("a {yes}/{no} value", "{yes}/{no} 值"),
    "phrase.expr_named": ("{name} ({what})", "{name}（{what}）"),
    "phrase.expr_other_side": ("the other side", "另一边"),
    "phrase.expr_shown_date": ("the date {value}", "日期 {value}"),
    "phrase.expr_shown_number": ("the number {value}", "数 {value}"),
    "phrase.expr_shown_text": ("the text '{value}'", "文本 '{value}'"),
    "phrase.expr_shown_type": ("a value of type {type}", "类型为 {type} 的值"),
    "phrase.expr_shown_yesno": ("the {yes}/{no} value {value}", "{yes}/{no} 值 {value}"),
    "phrase.expr_text": ("text", "文本"),
    # what an expression may not contain
    "phrase.expr_arguments": ("{name}() takes {low} arguments, got {given}", "{name}() 需要 {low} 个参数，给出了 {given} 个"),
    "phrase.expr_arguments_range": (
        "{name}() takes {low} to {high} arguments, got {given}", "{name}() 需要 {low} 到 {high} 个参数，给出了 {given} 个"
    ),
    "phrase.expr_attribute": ("attribute access ('.') is not allowed", "不允许访问属性（'.'）"),
    "phrase.expr_comparison": ("comparison {op} is not allowed", "不允许使用比较 {op}"),
    "phrase.expr_comparison_in": (
        "comparison {op} is not allowed; compare with '==' and join with 'or'", "不允许使用比较 {op}；请用 '==' 比较，再用 'or' 连接"
    ),
    "phrase.expr_complex": ("complex numbers are not allowed", "不允许使用复数"),
    "phrase.expr_comprehension": ("comprehensions are not allowed", "不允许使用推导式"),
    "phrase.expr_keyword_arguments": ("keyword arguments are not allowed", "不允许使用关键字参数"),
    "phrase.expr_lambda": ("lambda is not allowed", "不允许使用 lambda"),
    "phrase.expr_literal": ("literal {value!r} is not allowed", "不允许使用字面量 {value!r}"),
    "phrase.expr_name_not_allowed": ("name '{name}' is not allowed", "不允许使用名字 '{name}'"),
    "phrase.expr_node_assignment": ("assignment ':='", "赋值 ':='"),
    "phrase.expr_node_dict": ("a dict", "字典"),
    "phrase.expr_node_fstring": ("an f-string", "格式化字符串 f-string"),
    "phrase.expr_node_indexing": ("indexing '[ ]'", "下标 '[ ]'"),
    "phrase.expr_node_list": ("a list", "列表"),
    "phrase.expr_node_set": ("a set", "集合"),
    "phrase.expr_node_slicing": ("slicing", "切片"),
    "phrase.expr_node_tuple": ("a tuple", "元组"),
    "phrase.expr_not_a_function": ("'{name}' is not an allowed function (allowed: {allowed})", "'{name}' 不是允许使用的函数（允许：{allowed}）"),
    "phrase.expr_not_allowed": ("{node} is not allowed in an expression", "表达式中不允许使用{node}"),
    "phrase.expr_not_plain_decimal": ("number '{source}' is not a plain decimal", "数 '{source}' 不是普通的十进制数"),
    "phrase.expr_number_too_large": ("number '{source}' is too large (the limit is 10^15)", "数 '{source}' 太大（上限为 10^15）"),
    "phrase.expr_operator": ("operator {op} is not allowed", "不允许使用运算符 {op}"),
    "phrase.expr_string_too_long": ("string longer than {max} characters", "字符串超过 {max} 个字符"),
    "phrase.expr_syntax_error": ("syntax error: {error}", "语法错误：{error}"),
    "phrase.expr_too_deep": ("expression nested deeper than {max} levels of parentheses", "表达式的括号嵌套超过 {max} 层"),
    "phrase.expr_unreadable": ("expression too deeply nested to be read", "表达式嵌套太深，无法读取"),
    # names
    "phrase.expr_later": (
        "'{name}' is a component evaluated later; an expression may use columns and earlier components",
        "'{name}' 是之后才计算的组件；表达式只能使用列和之前的组件",
    ),
    "phrase.expr_own": ("an expression cannot use its own component '{name}'", "表达式不能使用它自己所在的组件 '{name}'"),
    "phrase.expr_unknown_name": ("unknown name '{name}'", "未知的名字 '{name}'"),
    # kinds of value that do not fit
    "phrase.expr_branches": ("the two branches give different kinds of value: {body} and {orelse}", "两个分支得出的值种类不同：{body}和{orelse}"),
    "phrase.expr_cannot_compare": ("cannot compare {left} with {right} using '{symbol}'", "无法用 '{symbol}' 比较{left}与{right}"),
    "phrase.expr_condition_kind": (
        "a condition must be {kind} (a comparison, a {yes}/{no} column, and/or/not), not {described}",
        "条件必须是{kind}（比较、{yes}/{no} 列、and/or/not），而不是{described}",
    ),
    "phrase.expr_gives_condition_not_number": (
        "the expression gives {kind}, not a number; give points for a condition with 'points if condition else 0'",
        "表达式得出的是{kind}，而不是数；要按条件给分，请写 'points if condition else 0'",
    ),
    "phrase.expr_gives_not_condition": (
        "the expression gives {kind}, not {yesno}; a condition compares (e.g. {example})",
        "表达式得出的是{kind}，而不是{yesno}；条件要作比较（如 {example}）",
    ),
    "phrase.expr_gives_not_number": ("the expression gives {kind}, not a number", "表达式得出的是{kind}，而不是数"),
    "phrase.expr_hint_compare_number": ("{problem}; compare it, e.g. {name} > 0", "{problem}；请作比较，如 {name} > 0"),
    "phrase.expr_hint_compare_text": ("{problem}; compare it, e.g. {name} == '…'", "{problem}；请作比较，如 {name} == '…'"),
    "phrase.expr_hint_date": (
        "{problem}; a date is compared with a date, or with one written in the expression like '2023-06-01'",
        "{problem}；日期应与日期比较，或与表达式中写出的日期（如 '2023-06-01'）比较",
    ),
    "phrase.expr_hint_unquote": ("{problem}; write the number without quotes", "{problem}；数不要加引号"),
    "phrase.expr_hint_yesno": (
        "{problem}; a {yes}/{no} value is compared with '{yes}' or '{no}' written in the expression",
        "{problem}；{yes}/{no} 值应与表达式中写出的 '{yes}' 或 '{no}' 比较",
    ),
    "phrase.expr_needs_numbers": ("{what} needs numbers, not {described}", "{what} 需要数，而不是{described}"),
    "phrase.expr_no_common_value": (
        "columns '{left}' ({left_values}) and '{right}' ({right_values}) have no value in common, so they are never equal",
        "列 '{left}'（{left_values}）与列 '{right}'（{right_values}）没有共同的取值，永远不会相等",
    ),
    "phrase.expr_no_order": ("{kind} has no order: '{symbol}' cannot compare {described}", "{kind}没有大小顺序：'{symbol}' 不能比较{described}"),
    "phrase.expr_no_order_compare": (
        "{kind} has no order: compare {described} with '==' or '!=', not '{symbol}'",
        "{kind}没有大小顺序：请用 '==' 或 '!=' 比较{described}，而不是 '{symbol}'",
    ),
    "phrase.expr_not_a_date": ("'{text}' is not a date like '2023-06-01' ({other} is a date)", "'{text}' 不是形如 '2023-06-01' 的日期（{other} 是日期）"),
    "phrase.expr_not_a_value": ("'{value}' is not a value of column '{column}' ({values})", "'{value}' 不是列 '{column}' 的取值（{values}）"),
    "phrase.expr_not_yesno": (
        "{other} is {kind}: compare it with '{yes}' or '{no}', not '{text}'", "{other} 是{kind}：请与 '{yes}' 或 '{no}' 比较，而不是 '{text}'"
    ),
    # while evaluating
    "phrase.expr_blank": ("{name} is blank, and an expression cannot use a blank value", "{name} 为空，表达式不能使用空值"),
    "phrase.expr_cannot_evaluate": ("cannot evaluate: {error}", "无法求值：{error}"),
    "phrase.expr_cannot_evaluate_node": ("cannot evaluate {node}", "无法求值 {node}"),
    "phrase.expr_clamp_ends": ("clamp(): the low end {low} is above the high end {high}", "clamp()：下端 {low} 高于上端 {high}"),
    "phrase.expr_component_no_points": (
        "component '{name}' has no points ({no_data}) to use here", "组件 '{name}' 没有可用于此处的得分（{no_data}）"
    ),
    "phrase.expr_division_by_zero": ("division by zero", "除以零"),
    "phrase.expr_invalid_arithmetic": (
        "invalid arithmetic (e.g. a fractional power of a negative number, or rounding to absurd places)",
        "无效的算术运算（如负数的分数次幂，或舍入到不合理的位数）",
    ),
    "phrase.expr_no_value_given": ("no value given for '{name}'", "没有给出 '{name}' 的值"),
    "phrase.expr_number_too_large_now": ("a number grew too large", "数变得过大"),
    "phrase.expr_power_too_large": ("power {a} ** {b} is too large (limit: exponent {max})", "乘方 {a} ** {b} 太大（指数上限为 {max}）"),
    "phrase.expr_power_zero": ("power {a} ** {b}: division by zero", "乘方 {a} ** {b}：除以零"),
    "phrase.expr_round_places": (
        "round(): the places must be a whole number from 0 to {max}, not {places}", "round()：小数位数必须是 0 到 {max} 的整数，而不是 {places}"
    ),
    "phrase.expr_text_too_long": ("the text of '{name}' is longer than {max} characters", "'{name}' 的文本超过 {max} 个字符"),
}
