"""The `pingyi` command: a thin layer over the library. Exit 0 ok, 1 bad ruleset or facts, 2 usage."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from ._errors import MultipleErrors, PingyiError, RulesetError

if TYPE_CHECKING:
    from ._compile import CompiledRuleset

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


def _parser() -> _Parser:
    parser = _Parser(prog="pingyi", description="评议方案规则引擎：校验规则集、计分、排名、解释每一分。")
    parser.add_argument("--version", action="version", version=f"pingyi {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="校验规则集，列出全部问题")
    check.add_argument("rulesets", nargs="+", metavar="RULESET")

    score = sub.add_parser("score", help="计分并输出排名表")
    score.add_argument("ruleset", metavar="RULESET")
    score.add_argument("facts", metavar="FACTS", help="CSV 文件夹或 .xlsx 工作簿")
    score.add_argument("--format", choices=["table", "json", "csv", "xlsx", "html"], default="table",
                       help="table 屏幕表格；json 结果数据；csv 排名表（UTF-8 BOM）；xlsx 排名、明细、计分说明；html 报告")
    score.add_argument("-o", "--output", metavar="FILE", help="写入文件（默认输出到屏幕；xlsx 必须给出）")
    score.add_argument("--encoding", help="CSV 编码（默认先试 UTF-8，再试 GB18030）")
    score.add_argument("--stamp", action="store_true", help="在输出中写入生成时间（默认不写，同样输入得到同样字节）")

    template = sub.add_parser("template", help="按规则集生成数据填报模板（.xlsx）")
    template.add_argument("ruleset", metavar="RULESET")
    template.add_argument("-o", "--output", metavar="FILE", required=True, help="模板文件，如 数据模板.xlsx")

    explain = sub.add_parser("explain", help="逐条解释一个对象的得分")
    explain.add_argument("ruleset", metavar="RULESET")
    explain.add_argument("facts", metavar="FACTS")
    explain.add_argument("subject", metavar="SUBJECT", help="对象编码")
    explain.add_argument("--encoding")

    diff = sub.add_parser("diff", help="比较两个规则集：哪些规则不同；给出数据时，哪些对象的总分、名次、等次随之变化")
    diff.add_argument("a", metavar="A", help="原规则集（如 市方案）")
    diff.add_argument("b", metavar="B", help="新规则集（如 继承市方案的县方案）")
    diff.add_argument("facts", metavar="FACTS", nargs="?", help="CSV 文件夹或 .xlsx 工作簿（可省略）")

    schema = sub.add_parser("schema", help="输出规则集的 JSON Schema")
    schema.add_argument("-o", "--output", metavar="FILE")
    return parser


def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the CLI with the given arguments; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        stderr.write(f"{exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_usage(stderr)
        return EXIT_USAGE
    try:
        return _COMMANDS[args.command](args, stdout, stderr)
    except PingyiError as exc:  # MultipleErrors prints one problem per line
        stderr.write(f"{exc}\n")
        return EXIT_CONTENT
    except _UsageError as exc:
        stderr.write(f"pingyi: {exc}\n")
        return EXIT_USAGE


def _check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ._loading import check_ruleset

    status = EXIT_OK
    for path in args.rulesets:
        errors = check_ruleset(path)
        stderr.writelines(f"{error}\n" for error in errors)
        if errors:
            status = EXIT_CONTENT
        else:
            stdout.write(f"{path}: ok\n")
    return status


def _score(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ._evaluate import paused_gc

    if args.output:  # refused before any work, not after it
        _refuse_inputs(Path(args.output), [args.ruleset, args.facts])
    if args.format == "xlsx" and not args.output:
        raise _UsageError("--format xlsx writes a workbook: give the file with -o FILE")
    with paused_gc():  # the result's millions of objects stay alive until written (see paused_gc)
        return _score_and_write(args, stdout, stderr)


def _score_and_write(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ._evaluate import score
    from ._output import iter_json, to_csv, to_table

    ruleset = _load_ruleset(args.ruleset)
    result = score(ruleset, args.facts, encoding=args.encoding)
    stderr.writelines(f"warning: {warning}\n" for warning in result.warnings)
    when = _now() if args.stamp else None
    stamp = None if when is None else when.isoformat(timespec="seconds") + "Z"
    output: str | bytes | Iterable[str]
    if args.format in ("xlsx", "html"):
        from ._report import build_report

        report = build_report(result, ruleset, when)
        if args.format == "xlsx":
            from ._xlsx_out import result_workbook

            output = result_workbook(report)
        else:
            from ._html import render_html

            output = render_html(report)
    else:
        render = {"table": to_table, "json": iter_json, "csv": to_csv}[args.format]
        output = render(result, stamp)  # json: written unit by unit, never held whole
    if args.output:
        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        _write_atomically(Path(args.output), output, encoding, [args.ruleset, args.facts])
    else:
        assert not isinstance(output, bytes)
        stdout.writelines([output] if isinstance(output, str) else output)
    return EXIT_OK


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _template(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ._template import template_bytes

    ruleset = _load_ruleset(args.ruleset)
    _write_atomically(Path(args.output), template_bytes(ruleset), "utf-8", [args.ruleset])
    stdout.write(f"{args.output}: {len(ruleset.tables)} 张数据表的填报模板\n")
    return EXIT_OK


def _explain(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ._errors import UnknownSubjectError, close_matches
    from ._evaluate import score
    from ._output import explain

    ruleset = _load_ruleset(args.ruleset)
    result = score(ruleset, args.facts, encoding=args.encoding)
    ids = [s.id for s in result.subjects]
    if args.subject not in ids:
        raise UnknownSubjectError(f"no subject '{args.subject}' in the facts", suggestions=close_matches(args.subject, ids), code="EV001")
    stdout.write(explain(result, args.subject))
    return EXIT_OK


def _load_ruleset(path: str) -> CompiledRuleset:
    """Load a ruleset, reporting every problem in it (not only the first), as `check` does."""
    from ._loading import check_ruleset, load_ruleset

    try:
        return load_ruleset(path)
    except RulesetError as first:
        errors = check_ruleset(path)  # the failure path only: collect the rest
        if len(errors) > 1:
            raise MultipleErrors(list(errors)) from None
        raise first from None


def _diff(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ._diff import diff_rulesets, render_diff

    stdout.write(render_diff(diff_rulesets(args.a, args.b, args.facts)))
    return EXIT_OK


def _schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ._schema import schema_text

    text = schema_text()
    if args.output:
        _write_atomically(Path(args.output), text, "utf-8", [])
    else:
        stdout.write(text)
    return EXIT_OK


def _refuse_inputs(target: Path, inputs: list[str]) -> None:
    """An output that would replace an input (or land inside an input folder) is a usage error."""
    resolved = target.resolve()
    for item in inputs:
        source = Path(item).resolve()
        if resolved == source or (source.is_dir() and source in resolved.parents):
            raise _UsageError(f"refusing to write the output into the input {item}")


def _write_atomically(target: Path, text: str | bytes | Iterable[str], encoding: str, inputs: list[str]) -> None:
    """Write via a temporary file and a rename; refuse to overwrite an input."""
    _refuse_inputs(target, inputs)
    if target.is_dir():
        raise _UsageError(f"cannot write {target}: it is a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _UsageError(f"cannot write {target}: {exc.strerror}") from None
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
                stream.writelines([text] if isinstance(text, str) else text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)  # mkstemp makes 0600; a published result is an ordinary file
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise _UsageError(f"cannot write {target}: {exc.strerror}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


_COMMANDS = {
    "check": _check,
    "score": _score,
    "explain": _explain,
    "diff": _diff,
    "schema": _schema,
    "template": _template,
}


def main() -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    sys.exit(run(sys.argv[1:], sys.stdout, sys.stderr))
