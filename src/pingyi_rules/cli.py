"""The `pingyi` command: a thin layer over the library. Exit 0 ok, 1 bad ruleset or facts, 2 usage."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from .core.errors import MultipleErrors, PingyiError, RulesetError
from .core.messages import LANGUAGES, Language, Message, Text, language_of, locale_language, say, use_language
from .core.safe_text import visible
from .core.version import __version__
from .target import (
    TargetError,
    check_kind,
    check_target,
    refuse_inputs,
    remove_pending,
    ruleset_files,
    write_atomically,
)

if TYPE_CHECKING:
    from .compile.ruleset import CompiledRuleset
    from .source.strict_yaml import Document

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    """A usage error (exit 2), said in the language in force; argparse's own messages stay as argparse words them."""

    def __init__(self, said: Message | Text) -> None:
        super().__init__(said)
        self.said = said

    def __str__(self) -> str:
        return self.said.render()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(Text(f"{self.prog}: {message}"))


def _parser() -> _Parser:
    parser = _Parser(prog="pingyi", description="评议方案规则引擎：校验规则集、计分、排名、解释每一分。")
    parser.add_argument("--version", action="version", version=f"pingyi {__version__}")
    parser.add_argument("--lang", choices=list(LANGUAGES),
                        help="提示信息的语言：zh 中文，en 英文（默认按 PINGYI_LANG，再按系统 locale）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="校验规则集，列出全部问题")
    check.add_argument("rulesets", nargs="+", metavar="RULESET")

    score = sub.add_parser("score", help="计分并输出排名表")
    score.add_argument("ruleset", metavar="RULESET")
    score.add_argument("facts", metavar="FACTS", help="CSV 文件夹、.xlsx 工作簿、SQLite 文件或数据源文件（.yaml）")
    score.add_argument("--format", choices=["table", "json", "csv", "xlsx", "html"], default="table",
                       help="table 屏幕表格；json 结果数据；csv 排名表（UTF-8 BOM）；xlsx 排名、明细、计分说明；html 报告")
    score.add_argument("-o", "--output", metavar="FILE", help="写入文件（默认输出到屏幕；xlsx 必须给出）")
    score.add_argument("--encoding", help="CSV 编码（默认先试 UTF-8，再试 GB18030）")
    score.add_argument("--margins", action="store_true",
                       help="table：在总分后加四列差距（距上、下一等次界，距前、后一名）；xlsx、html 总有差距")
    score.add_argument("--stamp", action="store_true", help="在输出中写入生成时间（默认不写，同样输入得到同样字节）")

    template = sub.add_parser("template", help="按规则集生成数据填报模板（.xlsx）")
    template.add_argument("ruleset", metavar="RULESET")
    template.add_argument("-o", "--output", metavar="FILE", required=True, help="模板文件，如 数据模板.xlsx")

    explain = sub.add_parser("explain", help="逐条解释一个对象的得分")
    explain.add_argument("ruleset", metavar="RULESET")
    explain.add_argument("facts", metavar="FACTS")
    explain.add_argument("subject", metavar="SUBJECT", help="对象编码")
    explain.add_argument("--encoding")

    whatif = sub.add_parser("whatif", help="假设改动若干数据格：受影响单位的总分、名次、等次变化前后，及随之变动名次或等次的单位")
    whatif.add_argument("ruleset", metavar="RULESET")
    whatif.add_argument("facts", metavar="FACTS", help="CSV 文件夹、.xlsx 工作簿、SQLite 文件或数据源文件（.yaml）")
    whatif.add_argument("--set", dest="changes", action="append", required=True, metavar="表!行键!列=值",
                        help="改动一个数据格（可多次给出）；行键：按单位一行的表为单位编码，按键的表为键值，案例表为文件中的行号")
    whatif.add_argument("--encoding", help="CSV 编码（默认先试 UTF-8，再试 GB18030）")

    diff = sub.add_parser("diff", help="比较两个规则集：哪些规则不同；给出数据时，哪些对象的总分、名次、等次随之变化")
    diff.add_argument("a", metavar="A", help="原规则集（如 市方案）")
    diff.add_argument("b", metavar="B", help="新规则集（如 继承市方案的县方案）")
    diff.add_argument("facts", metavar="FACTS", nargs="?", help="CSV 文件夹或 .xlsx 工作簿（可省略）")

    test = sub.add_parser("test", help="运行算例（*.cases.yaml）；--properties 另以生成的数据核对不变量")
    test.add_argument("paths", nargs="+", metavar="RULESET", help="规则集（运行旁边指向它的算例文件）、算例文件或文件夹")
    test.add_argument("--properties", action="store_true", help="以随机生成的数据核对不变量（需 pingyi-rules[testing]）")
    test.add_argument("--seed", type=int, default=0, help="随机种子（默认 0；同一种子同样的数据）")
    test.add_argument("--budget", type=int, default=50, metavar="N", help="每项性质生成的数据组数（默认 50）")

    init = sub.add_parser("init", help="新建规则集文件夹：规则集、算例、示例数据、说明")
    init.add_argument("name", metavar="NAME", help="规则集编号，如 某县-2025（也是文件夹名）")

    expand = sub.add_parser("expand", help="把规则集中的语法糖类型（grade 等）展开为核心构件，输出只含核心类型的规则集")
    expand.add_argument("ruleset", metavar="RULESET")
    expand.add_argument("-o", "--output", metavar="FILE", help="写入文件（默认输出到屏幕）")

    schema = sub.add_parser("schema", help="输出规则集的 JSON Schema（--result：计分结果 JSON 的 Schema）")
    schema.add_argument("--result", action="store_true", help="输出 --format json 结果的 JSON Schema")
    schema.add_argument("-o", "--output", metavar="FILE")
    return parser


def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the CLI with the given arguments; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        stderr.write(f"{visible(str(exc))}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_usage(stderr)
        return EXIT_USAGE
    with use_language(args.lang or locale_language()):
        return _command(args, stdout, stderr)


def _command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    try:
        return _COMMANDS[args.command](args, stdout, stderr)
    except PingyiError as exc:  # MultipleErrors prints one problem per line
        stderr.writelines(f"{line}\n" for line in _problem_lines(exc))
        return EXIT_CONTENT
    except (_UsageError, TargetError) as exc:
        stderr.write(f"pingyi: {visible(str(exc))}\n")
        return EXIT_USAGE


def _problem_lines(error: PingyiError) -> Iterator[str]:
    """One line per problem, hidden characters shown escaped (a name can never add a line)."""
    if isinstance(error, MultipleErrors):
        for each in error.errors:
            yield from _problem_lines(each)
    else:
        yield visible(str(error))


def _check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .loading import check_ruleset

    status = EXIT_OK
    for path in args.rulesets:
        errors = check_ruleset(path)
        stderr.writelines(f"{line}\n" for error in errors for line in _problem_lines(error))
        if errors:
            status = EXIT_CONTENT
        else:
            stdout.write(f"{say('cli.check_ok', path=path)}\n")
    return status


def _score(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .scoring.evaluate import paused_gc

    target = _target(args.output, [args.ruleset, args.facts])  # refused before any work, not after it
    if args.format == "xlsx" and target is None:
        raise _UsageError(say("cli.xlsx_needs_output"))
    if args.margins and args.format != "table":
        if args.format in ("xlsx", "html"):
            raise _UsageError(say("cli.margins_always", format=args.format))
        raise _UsageError(say("cli.margins_none", format=args.format))
    with paused_gc():  # the result's millions of objects stay alive until written (see paused_gc)
        return _score_and_write(args, target, stdout, stderr)


def _target(output: str | None, inputs: list[str]) -> Path | None:
    """The `-o` file, refused when it is not a regular file or is one of the inputs named on the command line."""
    target = check_target(output)
    if target is not None:
        refuse_inputs(target, inputs)
        check_kind(target)
    return target


def _score_and_write(args: argparse.Namespace, target: Path | None, stdout: TextIO, stderr: TextIO) -> int:
    from .render.output import iter_json, to_csv, to_table
    from .scoring.evaluate import score

    ruleset, document = _load_ruleset(args.ruleset)
    if target is not None:  # the files reached through extends and nested are known now
        refuse_inputs(target, [*ruleset_files(ruleset, document), *_facts_files(args.facts)])
    result = score(ruleset, args.facts, encoding=args.encoding)
    stderr.writelines(f"{say('cli.warning', text=visible(warning))}\n" for warning in result.warnings)
    when = _now() if args.stamp else None
    stamp = None if when is None else when.isoformat(timespec="seconds") + "Z"
    output: str | bytes | Iterable[str]
    if args.format in ("xlsx", "html"):
        from .render.report import build_report

        report = build_report(result, ruleset, when)
        if args.format == "xlsx":
            from .render.xlsx_out import result_workbook

            output = result_workbook(report)
        else:
            from .render.html import render_html

            output = render_html(report)
    elif args.format == "table":
        output = to_table(result, stamp, _margins(result, ruleset) if args.margins else None)
    else:
        render = {"json": iter_json, "csv": to_csv}[args.format]
        output = render(result, stamp)  # json: written unit by unit, never held whole
    if target is not None:
        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        write_atomically(target, output, encoding)
    else:
        assert not isinstance(output, bytes)
        _emit(stdout, [output] if isinstance(output, str) else output)
    return EXIT_OK


def _facts_files(facts: str) -> list[str | Path]:
    """The facts path, and the SQLite file a sources file names (an input too)."""
    from .facts.sql import SOURCES_SUFFIXES, read_sources

    path = Path(facts)
    if path.suffix.lower() in SOURCES_SUFFIXES and path.is_file():
        return [facts, read_sources(path)[0]]
    return [facts]


def _emit(stdout: TextIO, pieces: Iterable[str]) -> None:
    """Write text in pieces of at most 64 Ki characters.

    A pipe whose reader has gone takes part of one large write and reports no error for it;
    the next piece then fails (BrokenPipeError), and `main` ends the run as a closed pipe.
    """
    for piece in pieces:
        stdout.writelines(piece[start:start + _PIECE] for start in range(0, len(piece), _PIECE))


_PIECE = 1 << 16


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _template(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .render.template import template_bytes

    target = _target(args.output, [args.ruleset])
    assert target is not None  # -o is required
    ruleset, document = _load_ruleset(args.ruleset)
    refuse_inputs(target, ruleset_files(ruleset, document))
    write_atomically(target, template_bytes(ruleset), "utf-8")
    stdout.write(f"{say('cli.template_done', path=args.output, count=len(ruleset.tables))}\n")
    return EXIT_OK


def _explain(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .render.output import explain
    from .scoring.evaluate import score

    ruleset, _ = _load_ruleset(args.ruleset)
    result = score(ruleset, args.facts, encoding=args.encoding, pause_gc=True)
    result.subject(args.subject)  # an unknown SUBJECT: EV001
    _emit(stdout, [explain(result, args.subject, _margins(result, ruleset))])
    return EXIT_OK


def _whatif(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .render.whatif import render_whatif
    from .scoring.evaluate import paused_gc
    from .scoring.whatif import whatif

    ruleset, _ = _load_ruleset(args.ruleset)
    with paused_gc():
        what = whatif(ruleset, args.facts, args.changes, encoding=args.encoding)
    stderr.writelines(f"{say('cli.warning', text=visible(warning))}\n" for warning in what.before.warnings)
    _emit(stdout, [render_whatif(what)])
    return EXIT_OK


def _margins(result: Any, ruleset: CompiledRuleset) -> Any:
    from .render.margins import margins

    return margins(result, ruleset)


def _load_ruleset(path: str) -> tuple[CompiledRuleset, Document]:
    """Load a ruleset (and the document it was compiled from), reporting every problem in it, as `check` does."""
    from .loading import check_ruleset, load_with_document

    try:
        return load_with_document(path)
    except RulesetError as first:
        errors = check_ruleset(path)  # the failure path only: collect the rest
        if len(errors) > 1:
            raise MultipleErrors(list(errors)) from None
        raise first from None


def _diff(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .render.diff import diff_rulesets, render_diff

    _emit(stdout, [render_diff(diff_rulesets(args.a, args.b, args.facts))])
    return EXIT_OK


def _expand(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .expand import dump_ruleset, expand_ruleset
    from .loading import check_ruleset

    target = _target(args.output, [args.ruleset])
    errors = check_ruleset(args.ruleset)
    if errors:
        stderr.writelines(f"{line}\n" for error in errors for line in _problem_lines(error))
        return EXIT_CONTENT
    text = dump_ruleset(expand_ruleset(args.ruleset))
    if target is not None:
        write_atomically(target, text, "utf-8")
    else:
        _emit(stdout, [text])
    return EXIT_OK


def _schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if args.result:
        from .render.contract import result_schema_text

        text = result_schema_text()
    else:
        from .kinds.schema import schema_text

        text = schema_text()
    target = _target(args.output, [])
    if target is not None:
        write_atomically(target, text, "utf-8")
    else:
        _emit(stdout, [text])
    return EXIT_OK


def _test(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .testing.command import run_tests

    if args.budget < 1:
        raise _UsageError(say("cli.budget"))
    ok = run_tests(args.paths, stdout, stderr, properties=args.properties, seed=args.seed, budget=args.budget)
    return EXIT_OK if ok else EXIT_CONTENT


def _init(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .scaffold import InitError, init_folder

    try:
        folder = init_folder(args.name, Path.cwd())
    except InitError as exc:
        raise _UsageError(exc.said) from None
    stdout.write(f"{say('cli.init_done', folder=folder, name=args.name)}\n")
    return EXIT_OK


_COMMANDS = {
    "check": _check,
    "score": _score,
    "explain": _explain,
    "diff": _diff,
    "whatif": _whatif,
    "expand": _expand,
    "schema": _schema,
    "template": _template,
    "test": _test,
    "init": _init,
}


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing any temporary file) and exit 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signum)


EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program stopped by SIGPIPE


def main() -> None:
    """Console entry point: the process's own behaviour (signals, a closed pipe) is decided here, not in `run`.

    Ctrl-C (SIGINT) prints one line and exits 130; SIGTERM and SIGHUP likewise exit 143 and 129;
    each removes the temporary file of an unfinished `-o`. A reader that stops early
    (`pingyi … | head`) ends the run quietly with exit 141.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    language = _asked_language(sys.argv[1:])
    try:
        code = run(sys.argv[1:], sys.stdout, sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        remove_pending()
        _quiet_stdout()
        code = EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        remove_pending()
        _say(f"pingyi: {say('cli.interrupted').render(language)}")
        code = 128 + signal.SIGINT
    except _Stopped as stopped:
        remove_pending()
        _say(f"pingyi: {say('cli.stopped', signal=signal.Signals(stopped.signum).name).render(language)}")
        code = 128 + stopped.signum
    sys.exit(code)


def _asked_language(argv: list[str]) -> Language:
    """The language of the run's own last words (interrupted, stopped): `--lang` before the command, else the locale."""
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value: str | None = arg.partition("=")[2]
        elif arg == "--lang":
            value = argv[index + 1] if index + 1 < len(argv) else None
        elif arg.startswith("-") or (index > 0 and argv[index - 1] == "--lang"):
            continue
        else:
            break  # the command: what follows is its own
        chosen = language_of(value)
        if chosen is not None:
            return chosen
    return locale_language()


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not complain about the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except OSError:
        pass
