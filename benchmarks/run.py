"""The performance benchmark: pingyi against hand-written programs, whole processes, medians.

    PYTHONPATH=src python benchmarks/run.py            # 10k / 100k / 1M neishe, 100k Wenzhou, 5 rounds (2 at 1M)
    PYTHONPATH=src python benchmarks/run.py --quick    # 10k / 100k neishe, 10k Wenzhou, 2 rounds
    PYTHONPATH=src python benchmarks/run.py --coop 1000000 --sizes 0 --wenzhou 0   # only the ballot workload
    PYTHONPATH=src python benchmarks/run.py --survey 1000000,10000000 --sizes 0 --wenzhou 0   # only the survey
    PYTHONPATH=src python benchmarks/run.py --sheets 1000000 --sizes 0 --wenzhou 0   # only the evaluator sheets
    PYTHONPATH=src python benchmarks/run.py --forms 1000000 --sizes 0 --wenzhou 0   # only the survey in forms

Each round runs `pingyi score RULESET FACTS --format json -o OUT` and the hand-written program one
after the other (alternating which goes first), each in its own process; it reports the median
wall-clock seconds, µs per subject, the ratio, the peak RSS of each process (os.wait4 rusage),
and checks the two JSON files are identical byte for byte. Then the 10k → 100k → 1M scaling,
the load+compile time of rulesets/wenzhou-2023.yaml and the time of `pingyi --version`.
neishe is rulesets/district-neishe-ceping-2012.yaml (facts shaped like examples/seed-004), Wenzhou
rulesets/wenzhou-2023.yaml. Not a test: it prints figures (see benchmarks/README.md for what they mean).
"""

from __future__ import annotations

import argparse
import filecmp
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"

SEED004 = ROOT / "rulesets" / "district-neishe-ceping-2012.yaml"
WENZHOU = ROOT / "rulesets" / "wenzhou-2023.yaml"
COOP = ROOT / "rulesets" / "county-coop-lianping-2022.yaml"
SURVEY = ROOT / "rulesets" / "examples" / "survey-satisfaction.yaml"
SURVEY_UNITS = 1000
SHEETS = ROOT / "rulesets" / "examples" / "sheets-trimmed-mean.yaml"
FORMS = HERE / "forms-survey.yaml"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def timed(argv: list[str]) -> tuple[float, int]:
    """Run a process; its wall-clock seconds and peak RSS in bytes (Linux reports KiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss * 1024


def compare(a: Path, b: Path) -> str:
    # compared in chunks: reading two 1 GB outputs here would raise this process's RSS, and a
    # child started by vfork inherits its parent's high-water mark in ru_maxrss (Linux)
    if filecmp.cmp(a, b, shallow=False):
        return "identical (byte for byte)"
    ja, jb = json.loads(a.read_text("utf-8")), json.loads(b.read_text("utf-8"))
    if ja == jb:
        return "identical after parsing (bytes differ)"
    for ua, ub in zip(ja["units"], jb["units"], strict=False):
        if ua != ub:
            return f"DIFFERENT: first differing unit\n  pingyi: {ua}\n  hand:   {ub}"
    return f"DIFFERENT: {len(ja['units'])} vs {len(jb['units'])} units, or header/void differ"


def bench(
    label: str, ruleset: Path, facts: Path, hand: Path, n: int, rounds: int, out: Path, what: str = "subject"
) -> dict[str, float]:
    p_out, h_out = out / f"{label}.pingyi.json", out / f"{label}.hand.json"
    pingyi = [sys.executable, "-m", "pingyi_rules", "score", str(ruleset), str(facts), "--format", "json", "-o", str(p_out)]
    handwritten = [sys.executable, str(hand), str(ruleset), str(facts), str(h_out)]
    times: dict[str, list[float]] = {"pingyi": [], "hand": []}
    rss: dict[str, int] = {"pingyi": 0, "hand": 0}
    for i in range(rounds):
        order = [("pingyi", pingyi), ("hand", handwritten)]
        if i % 2:
            order.reverse()
        for name, argv in order:
            seconds, peak = timed(argv)
            times[name].append(seconds)
            rss[name] = max(rss[name], peak)
    p, h = statistics.median(times["pingyi"]), statistics.median(times["hand"])
    print(f"\n{label}: {n:,} {what}s, {rounds} alternating rounds (median)")
    print(f"  pingyi        {p:8.2f} s  {p / n * 1e6:8.1f} µs/{what}  peak RSS {rss['pingyi'] / 2**20:7.0f} MiB"
          f"   runs: {', '.join(f'{t:.2f}' for t in times['pingyi'])}")
    print(f"  hand-written  {h:8.2f} s  {h / n * 1e6:8.1f} µs/{what}  peak RSS {rss['hand'] / 2**20:7.0f} MiB"
          f"   runs: {', '.join(f'{t:.2f}' for t in times['hand'])}")
    print(f"  ratio pingyi / hand-written: {p / h:.2f}×")
    print(f"  results: {compare(p_out, h_out)}")
    return {"pingyi": p, "hand": h, "rss": rss["pingyi"], "hand_rss": rss["hand"]}


def load_compile_ms(rounds: int) -> tuple[float, float]:
    """load_ruleset(wenzhou) in a fresh process: the first call (cold) and the median of later calls."""
    code = (
        "import time,statistics,sys\n"
        "from pingyi_rules import load_ruleset\n"
        f"p={str(WENZHOU)!r}\n"
        "t=time.perf_counter(); load_ruleset(p); cold=time.perf_counter()-t\n"
        "w=[]\n"
        f"for _ in range({rounds}):\n"
        "    t=time.perf_counter(); load_ruleset(p); w.append(time.perf_counter()-t)\n"
        "print(cold*1000, statistics.median(w)*1000)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True)
    cold, warm = out.stdout.split()
    return float(cold), float(warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10k/100k neishe and 10k Wenzhou, 2 rounds")
    parser.add_argument("--rounds", type=int, help="alternating rounds per size (default 5; 2 with --quick)")
    parser.add_argument("--rounds-1m", type=int, default=2, help="alternating rounds at 1M subjects (default 2)")
    parser.add_argument("--data", type=Path, default=Path("/tmp/pingyi-bench"), help="where generated facts go")
    parser.add_argument("--sizes", help="neishe sizes, comma-separated (default 10000,100000,1000000)")
    parser.add_argument("--wenzhou", type=int, help="Wenzhou subjects (default 100000; 10000 with --quick; 0: none)")
    parser.add_argument("--coop", type=int, help="ballot rows of county-coop-lianping-2022 (default: not run)")
    parser.add_argument("--survey", help=f"answer rows of the survey workload over {SURVEY_UNITS:,} units, comma-separated (default: not run)")
    parser.add_argument("--sheets", help=f"evaluator-sheet rows (trimmed means) over {SURVEY_UNITS:,} units, comma-separated (default: not run)")
    parser.add_argument("--forms", help=f"answer rows in forms of ten (void forms) over {SURVEY_UNITS:,} units, comma-separated (default: not run)")
    args = parser.parse_args()

    def gen_seed004(n: int, folder: Path) -> None:  # in a child process, to keep this one small (see compare)
        subprocess.run([sys.executable, str(HERE / "gen_seed004.py"), str(n), str(folder)], check=True)

    def gen_wenzhou(n: int, folder: Path) -> None:
        subprocess.run([sys.executable, str(HERE / "gen_wenzhou.py"), str(n), str(folder)], check=True)

    rounds = args.rounds or (2 if args.quick else 5)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    if args.sizes:
        sizes = [int(n) for n in args.sizes.split(",") if int(n)]
    wenzhou_n = args.wenzhou if args.wenzhou is not None else (10_000 if args.quick else 100_000)
    args.data.mkdir(parents=True, exist_ok=True)
    out = args.data / "out"
    out.mkdir(exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; whole-process wall-clock seconds")

    seed: dict[int, dict[str, float]] = {}
    for n in sizes:
        folder = args.data / f"seed004-{n}"
        if not (folder / "units.csv").exists():
            gen_seed004(n, folder)
        r = rounds if n < 1_000_000 else args.rounds_1m
        seed[n] = bench(f"seed004-{n}", SEED004, folder, HERE / "hand_seed004.py", n, r, out)
    wz = None
    if wenzhou_n:
        folder = args.data / f"wenzhou-{wenzhou_n}"
        if not (folder / "units.csv").exists():
            gen_wenzhou(wenzhou_n, folder)
        wz = bench(f"wenzhou-{wenzhou_n}", WENZHOU, folder, HERE / "hand_wenzhou.py", wenzhou_n, rounds, out)
    coop = None
    if args.coop:
        folder = args.data / f"coop-{args.coop}"
        if not (folder / "ballots.csv").exists():
            subprocess.run([sys.executable, str(HERE / "gen_coop.py"), str(args.coop), str(folder)], check=True)
        r = rounds if args.coop < 1_000_000 else args.rounds_1m
        coop = bench(f"coop-{args.coop}", COOP, folder, HERE / "hand_coop.py", args.coop, r, out, "ballot row")

    survey: dict[int, dict[str, float]] = {}
    for rows in [int(s) for s in args.survey.split(",")] if args.survey else []:
        folder = args.data / f"survey-{rows}"
        if not (folder / "answers.csv").exists():
            subprocess.run([sys.executable, str(HERE / "gen_survey.py"), str(rows), str(SURVEY_UNITS), str(folder)], check=True)
        r = rounds if rows < 1_000_000 else args.rounds_1m
        survey[rows] = bench(f"survey-{rows}", SURVEY, folder, HERE / "hand_survey.py", rows, r, out, "answer row")

    sheets: dict[int, dict[str, float]] = {}
    for rows in [int(s) for s in args.sheets.split(",")] if args.sheets else []:
        folder = args.data / f"sheets-{rows}"
        if not (folder / "sheets.csv").exists():
            subprocess.run([sys.executable, str(HERE / "gen_sheets.py"), str(rows), str(SURVEY_UNITS), str(folder)], check=True)
        r = rounds if rows < 1_000_000 else args.rounds_1m
        sheets[rows] = bench(f"sheets-{rows}", SHEETS, folder, HERE / "hand_sheets.py", rows, r, out, "sheet row")

    forms: dict[int, dict[str, float]] = {}
    for rows in [int(s) for s in args.forms.split(",")] if args.forms else []:
        folder = args.data / f"forms-{rows}"
        if not (folder / "answers.csv").exists():
            subprocess.run([sys.executable, str(HERE / "gen_forms.py"), str(rows), str(SURVEY_UNITS), str(folder)], check=True)
        r = rounds if rows < 1_000_000 else args.rounds_1m
        forms[rows] = bench(f"forms-{rows}", FORMS, folder, HERE / "hand_forms.py", rows, r, out, "answer row")

    print("\nscaling (pingyi whole-process seconds; each step ≤ 11× for 10× the subjects)")
    for small, big in itertools.pairwise(sizes):
        print(f"  {small:>9,} → {big:>9,}: {seed[big]['pingyi'] / seed[small]['pingyi']:5.2f}×"
              f"  (hand-written {seed[big]['hand'] / seed[small]['hand']:5.2f}×)")
    cold, warm = load_compile_ms(10)
    print(f"\nload+compile rulesets/wenzhou-2023.yaml: first call {cold:.1f} ms, later calls median {warm:.1f} ms")
    version = [timed([sys.executable, "-m", "pingyi_rules", "--version"])[0] for _ in range(7)]
    print(f"pingyi --version: median {statistics.median(version):.3f} s over 7 runs")

    print("\ntargets")
    big = seed.get(1_000_000)
    if 100_000 in seed:
        print(f"  neishe 100k ≤ 1.5× hand-written: {seed[100_000]['pingyi'] / seed[100_000]['hand']:.2f}×")
    if wz is not None:
        print(f"  Wenzhou {wenzhou_n:,} ≤ 2× hand-written: {wz['pingyi'] / wz['hand']:.2f}×")
    if coop is not None:
        print(f"  ballots {args.coop:,} rows ≤ 1.5× hand-written time and peak RSS: "
              f"{coop['pingyi'] / coop['hand']:.2f}× time, {coop['rss'] / coop['hand_rss']:.2f}× RSS")
    for rows, figures in survey.items():
        print(f"  survey {rows:,} rows ≤ 1.5× hand-written time, peak RSS < 1 GiB: "
              f"{figures['pingyi'] / figures['hand']:.2f}× time, {figures['rss'] / 2**30:.2f} GiB "
              f"(hand-written {figures['hand_rss'] / 2**30:.2f} GiB)")
    for small, big_rows in itertools.pairwise(sorted(survey)):
        print(f"  survey {small:,} → {big_rows:,} rows (≤ 11×): {survey[big_rows]['pingyi'] / survey[small]['pingyi']:.2f}×")
    for rows, figures in sheets.items():
        print(f"  sheets {rows:,} rows (trimmed means): {figures['pingyi'] / figures['hand']:.2f}× time, "
              f"{figures['rss'] / figures['hand_rss']:.2f}× peak RSS ({figures['rss'] / 2**20:.0f} / {figures['hand_rss'] / 2**20:.0f} MiB)")
    for rows, figures in forms.items():
        print(f"  forms {rows:,} rows (void forms, folded by content): {figures['pingyi'] / figures['hand']:.2f}× time, "
              f"{figures['rss'] / figures['hand_rss']:.2f}× peak RSS ({figures['rss'] / 2**20:.0f} / {figures['hand_rss'] / 2**20:.0f} MiB)")
    steps = [seed[b]["pingyi"] / seed[a]["pingyi"] for a, b in itertools.pairwise(sizes)]
    print(f"  linear scaling (each step ≤ 11×): {', '.join(f'{s:.2f}×' for s in steps)}")
    if big is not None:
        print(f"  peak RSS at 1M neishe ≤ 2 GiB: {big['rss'] / 2**30:.2f} GiB")
    print(f"  load+compile wenzhou < 100 ms: {cold:.1f} ms (first call)")
    print(f"  pingyi --version < 0.3 s: {statistics.median(version):.3f} s")


if __name__ == "__main__":
    main()
