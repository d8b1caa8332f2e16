"""A fuzzer for csip's input handling: mutated shipped scenarios and frameworks, run through the
command line and the TUI's loader, judged against the contract (issue 14).

Why an own mutator and not hypothesis: the interesting inputs are whole scenario files (with
frameworks, `extends` chains and special files beside them) that are nearly valid, so each case
starts from a shipped file and changes one to three things in it, in the parsed tree (types,
missing keys, extreme and non-finite numbers, weird strings, duplicate ids, cycles) or in the
text (pathological lines, deep nesting, huge integers, bytes that are not UTF-8).

Each case runs in a forked child (fast: the planner is imported once, and `main(argv)` runs
in-process), so a crash signal or a hang kills the child, not the fuzzer. Every 50th case also runs
`csip plan` and `csip validate` as real subprocesses. A case fails on a traceback, a crash signal,
an exit code outside {0, 2, 3}, a hang, an `error:` line that names no file, or the TUI's loader
raising anything but the planner's own input error.

    python -m tests.fuzz --cases 2000 --seed 1      # figures per outcome on stdout
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import io
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((REPO / "scenarios").glob("*.toml"))
FRAMEWORKS = {name: REPO / "frameworks" / f"{name}.toml" for name in ("itscmm", "cmmi-svc")}
CONTRACT_EXITS = {0, 2, 3}
COMMAND_TIMEOUT = 40.0
"""Seconds one command may take in a child before it counts as a hang (plan and export are given
a two-second solver limit; a diagnosis and the rules engine come on top)."""

FAILURES = ("traceback", "signal", "exit", "hang", "unnamed-error", "tui-load")

# -- writing TOML, including what a strict writer refuses ------------------------------------------


def _key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else _string(k)


def _string(s: str) -> str:
    out = []
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch) if not 0xD800 <= ord(ch) <= 0xDFFF else 0xFFFD:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + "}"
    return _string(str(v))


def dump(data: dict[str, Any]) -> str:
    """TOML for `data`: scalars first, then tables, arrays of tables as [[...]]."""
    lines: list[str] = []

    def table(d: dict[str, Any], prefix: str) -> None:
        subs = []
        for k, v in d.items():
            if isinstance(v, dict) or (isinstance(v, list) and v and all(isinstance(x, dict) for x in v)):
                subs.append((k, v))
            else:
                lines.append(f"{_key(k)} = {_value(v)}")
        for k, v in subs:
            name = f"{prefix}.{_key(k)}" if prefix else _key(k)
            if isinstance(v, dict):
                lines.append(f"\n[{name}]")
                table(v, name)
            else:
                for item in v:
                    lines.append(f"\n[[{name}]]")
                    table(item, name)

    table(data, "")
    return "\n".join(lines) + "\n"


# -- mutations -------------------------------------------------------------------------------------

WEIRD_STRINGS = [
    "", " ", "HeRus [/] markup", "[WIP] HeRus [draft]", "[b]bold[/b]", "[link=x]y", "[/]",
    "[@click=app.quit]x",
    "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "tab\there", "new\nline", "\r", "\u202eevil", "\u200b", "é" * 3,
    "x" * 5000, "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "../../etc/passwd", "itscmm ", "nul\x00byte",
    "%s%n", "{0}", "$(reboot)", "🙂", "\ufeffbom", "SRIM", "SRIM.1", "unlimited",
]
NUMBERS: list[Any] = [0, -1, 1, 2**31, 2**63, -(2**63), 10**30, 0.5, -0.0, 1e16, 1e-5, 1e-300, 1e308,
                      math.inf, -math.inf, math.nan, 99999999999, 3.000000001]
OTHER_TYPES: list[Any] = ["text", 7, 2.5, True, [], {}, [1, "a"], {"x": 1}, dt.date(2027, 1, 1), ["SRIM.1"]]


def _nodes(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path into the tree (dict keys and list indexes)."""
    out = []
    if isinstance(data, dict):
        for k, v in data.items():
            out.append((*path, k))
            out += _nodes(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.append((*path, i))
            out += _nodes(v, (*path, i))
    return out


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        data = data[p]
    return data


def _set(data: Any, path: tuple, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _scalar_paths(data: Any) -> list[tuple]:
    return [p for p in _nodes(data) if not isinstance(_get(data, p), (dict, list))]


def m_type(rng: random.Random, data: dict) -> str:
    path = rng.choice(_nodes(data))
    _set(data, path, copy.deepcopy(rng.choice(OTHER_TYPES)))
    return f"type {path}"


def m_delete(rng: random.Random, data: dict) -> str:
    path = rng.choice(_nodes(data))
    parent = _get(data, path[:-1])
    del parent[path[-1]]
    return f"delete {path}"


def m_number(rng: random.Random, data: dict) -> str:
    numeric = [p for p in _scalar_paths(data) if isinstance(_get(data, p), (int, float))
               and not isinstance(_get(data, p), bool)]
    path = rng.choice(numeric or _scalar_paths(data))
    value = rng.choice(NUMBERS)
    _set(data, path, value)
    return f"number {path}={value!r}"


def m_string(rng: random.Random, data: dict) -> str:
    strings = [p for p in _scalar_paths(data) if isinstance(_get(data, p), str)]
    path = rng.choice(strings or _scalar_paths(data))
    value = rng.choice(WEIRD_STRINGS)
    _set(data, path, value)
    return f"string {path}={value[:20]!r}"


def _id_lists(data: dict) -> list[tuple]:
    return [p for p in [(), *_nodes(data)] if isinstance(_get(data, p), list) and _get(data, p)
            and all(isinstance(x, dict) and "id" in x for x in _get(data, p))]


def m_duplicate(rng: random.Random, data: dict) -> str:
    lists = _id_lists(data)
    if not lists:
        return m_type(rng, data)
    path = rng.choice(lists)
    items = _get(data, path)
    if len(items) > 1 and rng.random() < 0.5:
        a, b = rng.sample(range(len(items)), 2)
        items[a]["id"] = items[b]["id"]
    else:
        items.append(copy.deepcopy(rng.choice(items)))
    return f"duplicate id in {path}"


def m_cycle(rng: random.Random, data: dict) -> str:
    """`after` (actions) or `requires` (KPAs) pointing back."""
    lists = _id_lists(data)
    if not lists:
        return m_type(rng, data)
    items = _get(data, rng.choice(lists))
    a = rng.choice(items)
    b = rng.choice(items)
    a["after"] = [b["id"]]
    b["after"] = [a["id"]]
    if rng.random() < 0.5:
        a["requires"] = [{"kpa": b["id"]}]
        b["requires"] = [{"kpa": a["id"]}]
    return f"cycle {a['id']!s:.20} <-> {b['id']!s:.20}"


def m_unknown(rng: random.Random, data: dict) -> str:
    tables = [p for p in [(), *_nodes(data)] if isinstance(_get(data, p), dict)]
    path = rng.choice(tables)
    _get(data, path)[rng.choice(["extra", "Budget", "target-level", "ids", "[x]"])] = rng.choice(OTHER_TYPES)
    return f"unknown key in {path}"


def m_empty(rng: random.Random, data: dict) -> str:
    containers = [p for p in _nodes(data) if isinstance(_get(data, p), (dict, list))]
    if not containers:
        return m_type(rng, data)
    path = rng.choice(containers)
    _set(data, path, type(_get(data, path))())
    return f"empty {path}"


TREE_MUTATIONS: list[Callable[[random.Random, dict], str]] = [
    m_type, m_delete, m_number, m_number, m_string, m_string, m_duplicate, m_cycle, m_unknown, m_empty,
]


def t_brackets(rng: random.Random, text: str) -> str:
    return text + "\n[" + " " * rng.choice([10, 2000, 6000]) + "\n"


def t_deep(rng: random.Random, text: str) -> str:
    n = rng.choice([50, 1000, 3000])
    return text + "\ndeep = " + "[" * n + "]" * n + "\n"


def t_bigint(rng: random.Random, text: str) -> str:
    digits = rng.choice([401, 5000, 200_000])
    key = rng.choice(["effort_per_period", "budget", "horizon", "target_level"])
    return re.sub(rf"(?m)^{key} = .*$", f"{key} = {'9' * digits}", text, count=1)


def t_truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(max(1, len(text)))]


def t_bytes(rng: random.Random, text: str) -> bytes:
    raw = bytearray(text.encode())
    for _ in range(rng.randint(1, 5)):
        raw.insert(rng.randrange(len(raw) + 1), rng.choice([0x00, 0xFF, 0xC3, 0x1B, 0x0D]))
    return bytes(raw)


TEXT_MUTATIONS: list[Callable[[random.Random, str], str | bytes]] = [t_brackets, t_deep, t_bigint, t_truncate,
                                                                    t_bytes]


@dataclass
class Case:
    index: int
    folder: Path
    scenario: Path
    what: list[str] = field(default_factory=list)


def _special_extends(rng: random.Random, folder: Path, data: dict, what: list[str]) -> None:
    kind = rng.choice(["fifo", "/dev/zero", "dir", "loop", "deep", "cycle", "missing", "self", "/dev/null"])
    what.append(f"extends {kind}")
    if kind == "fifo":
        os.mkfifo(folder / "pipe.toml")
        data["extends"] = "pipe.toml"
    elif kind in ("/dev/zero", "/dev/null"):
        data["extends"] = kind
    elif kind == "dir":
        (folder / "adir.toml").mkdir()
        data["extends"] = "adir.toml"
    elif kind == "loop":
        os.symlink("loop-b.toml", folder / "loop-a.toml")
        os.symlink("loop-a.toml", folder / "loop-b.toml")
        data["extends"] = "loop-a.toml"
    elif kind == "deep":
        depth = rng.choice([20, 200])
        for i in range(depth):
            parent = f"deep-{i + 1}.toml" if i + 1 < depth else "herus.toml"
            (folder / f"deep-{i}.toml").write_text(f'extends = "{parent}"\n[limits]\nbudget = {400000 + i}\n')
        data["extends"] = "deep-0.toml"
    elif kind == "cycle":
        (folder / "cyc.toml").write_text(f'extends = "{Path(data.get("__name__", "case.toml")).name}"\n')
        data["extends"] = "cyc.toml"
    elif kind == "missing":
        data["extends"] = "nowhere.toml"
    else:
        data["extends"] = "case.toml"


def _dump_or(data: dict[str, Any], base: Path, case: Case) -> str:
    """The tree as TOML, or the base file as it is when a mutation nested a table in itself (the
    writer cannot spell that out)."""
    try:
        return dump(data)
    except RecursionError:
        case.what.append(f"tree too deep to write: {base.name} as it is")
        return base.read_text("utf-8")


def make_case(index: int, seed: int, root: Path) -> Case:
    """Case `index` of run `seed`: the same pair always makes the same files."""
    rng = random.Random(f"{seed}:{index}")
    folder = root / f"case-{index}"
    folder.mkdir()
    for path in SCENARIOS:
        shutil.copy(path, folder / path.name)
    base = rng.choice(SCENARIOS)
    data = tomllib.loads(base.read_text("utf-8"))
    case = Case(index, folder, folder / "case.toml", [f"from {base.name}"])
    data["__name__"] = "case.toml"
    roll = rng.random()
    if roll < 0.25:  # the framework beside the scenario, mutated
        fw_name = "cmmi-svc" if "cmmi" in base.name else "itscmm"
        fw = tomllib.loads(FRAMEWORKS[fw_name].read_text("utf-8"))
        for _ in range(rng.randint(1, 3)):
            with contextlib.suppress(IndexError, KeyError, TypeError, RecursionError):
                case.what.append("framework " + rng.choice(TREE_MUTATIONS)(rng, fw))
        (folder / "fw.toml").write_text(_dump_or(fw, FRAMEWORKS[fw_name], case), "utf-8")
        data.setdefault("scenario", {})
        if isinstance(data["scenario"], dict):
            data["scenario"]["framework"] = "fw.toml"
    elif roll < 0.35:
        _special_extends(rng, folder, data, case.what)
    data.pop("__name__", None)
    if roll >= 0.25 or rng.random() < 0.3:
        for _ in range(rng.randint(1, 3)):
            with contextlib.suppress(IndexError, KeyError, TypeError, RecursionError):
                case.what.append(rng.choice(TREE_MUTATIONS)(rng, data))
    text: str | bytes = _dump_or(data, base, case)
    if rng.random() < 0.15:
        mutation = rng.choice(TEXT_MUTATIONS)
        case.what.append(mutation.__name__)
        text = mutation(rng, text)  # type: ignore[arg-type]
    if isinstance(text, bytes):
        case.scenario.write_bytes(text)
    else:
        case.scenario.write_text(text, "utf-8")
    return case


# -- running a case --------------------------------------------------------------------------------


class _Hang(BaseException):
    """Raised by the alarm in a child: the command ran past its time."""


def _names_a_file(line: str) -> bool:
    m = re.match(r"error: ([^:]+):", line)
    return bool(m) and ("/" in m.group(1) or "." in m.group(1))


def _judge(code: int | None, stderr: str) -> str:
    if "Traceback (most recent call last)" in stderr:
        return "traceback"
    if code is None:
        return "hang"
    if code < 0:
        return "signal"
    if code not in CONTRACT_EXITS:
        return "exit"
    if any(line.startswith("error:") and not _names_a_file(line) for line in stderr.splitlines()):
        return "unnamed-error"
    return f"exit-{code}"


EXPORT_FORMATS = ("md", "csv", "html", "xlsx", "docx", "toml", "json")
TIME_LIMIT = "2"
"""The solver limit handed to plan and export (`--time-limit` of the fuzzer changes it)."""


def _commands(case: Case, solve: bool = True) -> list[list[str]]:
    """The commands of a case; the export format turns with the case number, so strings with control
    characters and markup reach every writer (docx and xlsx refuse some characters outright)."""
    s = str(case.scenario)
    quick = [["validate", s], ["assess", s]]
    if not solve:
        return quick
    out = case.folder / f"x.{EXPORT_FORMATS[case.index % len(EXPORT_FORMATS)]}"
    return [*quick, ["plan", s, "--time-limit", TIME_LIMIT],
            ["export", s, "-o", str(out), "--time-limit", TIME_LIMIT]]


def _in_child(case: Case, solve: bool = True) -> list[dict[str, Any]]:
    """Run the commands in-process (this is the forked child) and the TUI's loader."""
    from planner.cli.main import main
    from planner.errors import InputError
    from tui.service import LivePlanner
    from tui.state import Failure

    results = []

    def alarm(_sig, _frame):
        raise _Hang

    signal.signal(signal.SIGALRM, alarm)
    for argv in _commands(case, solve):
        out, err = io.StringIO(), io.StringIO()
        code: int | None
        signal.setitimer(signal.ITIMER_REAL, COMMAND_TIMEOUT)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except _Hang:
            code = None
        except BaseException:  # the point is to see it
            import traceback
            err.write(traceback.format_exc())
            code = 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        stderr = err.getvalue()
        results.append({"cmd": argv[0], "code": code, "verdict": _judge(code, stderr),
                        "stderr": stderr[-2000:]})
    signal.setitimer(signal.ITIMER_REAL, COMMAND_TIMEOUT)
    verdict, detail = "tui-ok", ""
    try:
        LivePlanner().load(case.scenario)
    except InputError as exc:
        text = Failure.of(exc).text()
        verdict = "tui-input-error"
        if any(not _names_a_file("error: " + p.render()) for p in exc.problems if p.severity != "warning"):
            verdict, detail = "tui-load", "a problem names no file:\n" + text[:1000]
    except _Hang:
        verdict, detail = "hang", "the TUI's loader"
    except BaseException:
        import traceback
        verdict, detail = "tui-load", traceback.format_exc()[-2000:]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    results.append({"cmd": "tui-load", "code": 0, "verdict": verdict, "stderr": detail})
    return results


def warm() -> None:
    """Import what the commands import, once, in the parent: every forked child then starts with
    it loaded (otherwise each case pays about half a second of imports)."""
    import importlib

    for name in ("planner.cli.main", "tui.service", "tui.state", "planner.plan.pipeline",
                 "planner.export.html", "planner.export.xlsx", "planner.export.docx", "planner.export.charts",
                 "planner.optimize.cpsat", "planner.optimize.solver", "rules.rulesets",
                 "openpyxl", "docx", "matplotlib.pyplot", "ortools.sat.python.cp_model", "highspy"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def run_case(case: Case, solve: bool = True) -> list[dict[str, Any]]:
    """Fork, run the case in the child, read its results; a dead or stuck child is an outcome."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 0
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)  # anything written below Python (CBC) goes nowhere
            os.dup2(devnull, 2)
            payload = json.dumps(_in_child(case, solve)).encode()
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
        except BaseException:
            code = 70
        os._exit(code)
    os.close(write)
    chunks = []
    deadline = time.monotonic() + COMMAND_TIMEOUT * 6
    os.set_blocking(read, False)
    status = None
    while True:
        try:
            chunk = os.read(read, 1 << 16)
            if chunk:
                chunks.append(chunk)
        except BlockingIOError:
            pass
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            with contextlib.suppress(BlockingIOError):
                while chunk := os.read(read, 1 << 16):
                    chunks.append(chunk)
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
            return [{"cmd": "child", "code": None, "verdict": "hang", "stderr": "the case ran out of time"}]
        time.sleep(0.01)
    os.close(read)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        return [{"cmd": "child", "code": -sig, "verdict": "signal", "stderr": f"killed by signal {sig}"}]
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return [{"cmd": "child", "code": os.WEXITSTATUS(status), "verdict": "exit",
                 "stderr": "the child ended without results"}]


def run_subprocess(case: Case) -> list[dict[str, Any]]:
    """The real process, to see crash signals the way a user would."""
    results = []
    for argv in _commands(case)[::2]:  # validate and plan
        try:
            r = subprocess.run([sys.executable, "-m", "planner", *argv], capture_output=True, text=True,
                               timeout=COMMAND_TIMEOUT * 2, cwd=case.folder, stdin=subprocess.DEVNULL,
                               errors="replace")
            code: int | None = r.returncode
            stderr = r.stderr
        except subprocess.TimeoutExpired:
            code, stderr = None, ""
        results.append({"cmd": f"subprocess {argv[0]}", "code": code, "verdict": _judge(code, stderr),
                        "stderr": stderr[-2000:]})
    return results


def case_verdict(results: list[dict[str, Any]]) -> str:
    """A case's outcome: its first failure, or the highest exit code of a good run."""
    for kind in FAILURES:
        if any(r["verdict"] == kind for r in results):
            return kind
    codes = [r["code"] for r in results if r["verdict"].startswith("exit-")]
    return f"exit-{max(codes)}" if codes else "exit-0"


@dataclass
class Summary:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)
    per_command: Counter = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return sum(n for k, n in self.outcomes.items() if k in FAILURES)

    def report(self) -> str:
        lines = [f"{self.cases} cases in {self.seconds:.0f} s: {self.failed} outside the contract"]
        lines += [f"  {k}: {n}" for k, n in sorted(self.outcomes.items())]
        lines.append("per command (verdict):")
        lines += [f"  {k}: {n}" for k, n in sorted(self.per_command.items())]
        for f in self.failures[:20]:
            lines.append(f"\nFAIL case {f['index']} ({f['verdict']}): {'; '.join(f['what'])}")
            for r in f["results"]:
                if r["verdict"] in FAILURES:
                    lines.append(f"  {r['cmd']} -> {r['code']}: {r['stderr'][-800:]}")
        return "\n".join(lines)


def fuzz(cases: int, seed: int, subprocess_every: int = 50, keep: Path | None = None,
         minutes: float | None = None, progress: bool = False, solve_every: int = 1,
         share: tuple[int, int] = (0, 1)) -> Summary:
    """Run `cases` cases; plan and export only every `solve_every`th (the solver is the slow part).
    `share` (k, n) runs only the cases whose number is k modulo n, so n workers split one run."""
    summary = Summary()
    started = time.monotonic()
    warm()
    with tempfile.TemporaryDirectory(prefix="csip-fuzz-") as tmp:
        root = Path(tmp)
        for index in range(share[0], cases, share[1]):
            if minutes is not None and time.monotonic() - started > minutes * 60:
                break
            case = make_case(index, seed, root)
            results = run_case(case, solve=index % solve_every == 0)
            if subprocess_every and index % subprocess_every == 0:
                results += run_subprocess(case)
            verdict = case_verdict(results)
            summary.cases += 1
            summary.outcomes[verdict] += 1
            for r in results:
                summary.per_command[f"{r['cmd']} {r['verdict']}"] += 1
            if verdict in FAILURES:
                summary.failures.append({"index": index, "verdict": verdict, "what": case.what,
                                         "results": results})
                if keep is not None:
                    shutil.copytree(case.folder, keep / case.folder.name, symlinks=True,
                                    ignore=lambda _d, names: [n for n in names if n.startswith("pipe")])
            if progress and summary.cases % 50 == 0:
                outcomes = ", ".join(f"{k} {n}" for k, n in sorted(summary.outcomes.items()))
                print(f"[{share[0]}/{share[1]}: {summary.cases} cases, {time.monotonic() - started:.0f} s, "
                      f"{summary.failed} failed: {outcomes}]", file=sys.stderr, flush=True)
            shutil.rmtree(case.folder, ignore_errors=True)
    summary.seconds = time.monotonic() - started
    return summary


def merge(parts: list[Summary]) -> Summary:
    """One summary of the workers' summaries (the run's time is the longest worker's)."""
    total = Summary()
    for part in parts:
        total.cases += part.cases
        total.outcomes.update(part.outcomes)
        total.per_command.update(part.per_command)
        total.failures += part.failures
        total.seconds = max(total.seconds, part.seconds)
    total.failures.sort(key=lambda f: f["index"])
    return total


def _worker(args: tuple) -> Summary:
    *rest, time_limit = args
    global TIME_LIMIT
    TIME_LIMIT = time_limit
    return fuzz(*rest)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--subprocess-every", type=int, default=50,
                   help="run every Nth case as real processes too")
    p.add_argument("--solve-every", type=int, default=1, help="plan and export only every Nth case")
    p.add_argument("--minutes", type=float, help="stop after this long, whatever the number of cases")
    p.add_argument("--keep", type=Path, help="copy the folders of failing cases here")
    p.add_argument("--json", type=Path, help="write the failures as JSON here")
    p.add_argument("--jobs", type=int, default=1, help="worker processes splitting the cases")
    p.add_argument("--time-limit", default=TIME_LIMIT, help="solver seconds for plan and export")
    args = p.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = [(args.cases, args.seed, args.subprocess_every, args.keep, args.minutes, True, args.solve_every,
             (k, args.jobs), args.time_limit) for k in range(args.jobs)]
    if args.jobs == 1:
        summary = _worker(work[0])
    else:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            summary = merge(pool.map(_worker, work))
    print(summary.report())
    if args.json:
        args.json.write_text(json.dumps(summary.failures, indent=1))
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
