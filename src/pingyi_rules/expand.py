"""`pingyi expand`: a ruleset with every sugar node written as the core construct it is.

The ruleset is loaded (its `extends` merged, its `repeat` templates written out) and compiled; each
sugar node is replaced by its expansion (`kinds.sugar`), the YAML data the core kind was compiled
from. The result is a ruleset of core kinds only: `pingyi check` accepts it and it scores the same
totals, points, ranks and tiers on the same facts — its traces worded by the core kinds.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .loading import load_with_document
from .source.strict_yaml import PathKey


def expand_ruleset(source: str | Path) -> dict[str, Any]:
    """The ruleset document at `source` with every sugar node replaced by its expansion."""
    compiled, document = load_with_document(source)
    data: dict[str, Any] = copy.deepcopy(document.data)
    for path, expansion in compiled.expansions.items():
        _put(data, path, _plain_data(expansion))
    return data


def _put(data: Any, path: PathKey, value: Any) -> None:
    *parents, last = path
    for step in parents:
        data = data[step]
    data[last] = value


def _plain_data(node: Any) -> Any:
    """YAML data with the mappings and lists copied (an expansion may share them with its model)."""
    if isinstance(node, Mapping):
        return {key: _plain_data(value) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [_plain_data(value) for value in node]
    return node


class _Dumper(yaml.SafeDumper):
    """Block style, keys in their written order, Decimal numbers as written (never through a float),
    no anchors or aliases (a ruleset refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")  # exact: every digit as the value holds it
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _decimal)


def dump_ruleset(data: Mapping[str, Any]) -> str:
    """The expanded ruleset as YAML text."""
    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)
    return text
