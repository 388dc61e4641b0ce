"""The evaluation messages: (English, 中文) per key (see core.messages)."""

ENTRIES: dict[str, tuple[str, str]] = {
    # renames
    "EV022.group": ("its group ({fields})", "其所在组（{fields}）"),
    "EV022.population": ("the population", "全体对象"),
    "EV022.short": (
        "{id} {name}: tiers: {tier}: the quota is {quota}, but only {candidates} of the {counted} of {group} are not barred from it (short: error)",
        "{id} {name}: tiers: {tier}: 名额为 {quota} 个，但{group}的 {counted}中只有 {candidates} 个未被禁止列入（short: error）",
    ),
    "EV022.short_among": (
        "{id} {name}: tiers: {tier}: the quota is {quota}, but only {candidates} of the {counted} of {group} meet its among condition and are not barred from it (short: error)",
        "{id} {name}: tiers: {tier}: 名额为 {quota} 个，但{group}的 {counted}中只有 {candidates} 个满足其 among 条件且未被禁止列入（short: error）",
    ),
    "EV022.subject": ("{n} subject", "{n} 个对象"),
    "EV022.subjects": ("{n} subjects", "{n} 个对象"),
}
