"""One participant's answers: the blank TOML questionnaire `survey new` writes, and reading a filled
one back (TOML, or the workbook through `planner.survey.workbook`), checked against the framework.

Every file is checked in full before anything is merged, and every problem is reported with its
file and key (or sheet and cell), so an assessment team fixes a batch of returned questionnaires
in one round: answers off the scale, unknown question ids (with a did-you-mean), `na` where the KPA
may not be not applicable, a missing participant, and two files from one participant.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import InputError, Problem, did_you_mean, display_path
from planner.load.frameworks import SHIPPED, load_framework
from planner.load.tomlsource import read_toml
from planner.model import Framework
from planner.survey.questions import NA, SCALE, SCALE_HELP, Questionnaire, build
from planner.survey.rawsheet import RawSheet


@dataclass(frozen=True)
class AnswerSheet:
    """One participant's filled questionnaire, checked."""

    path: str
    """The file as the user named it."""
    framework: Framework
    participant: str
    role: str
    date: _dt.date | None
    answers: dict[str, str]
    """Question id -> answer, for the questions the participant answered (blank ones are skipped)."""
    target_level: int | None = None
    """The top level the questionnaire asked about, when the file says so."""
    where: dict[str, str] = field(default_factory=dict)
    """Question id -> where its answer sits (key or sheet/cell), for messages."""


# -- writing the blank TOML --------------------------------------------------------------------


def blank_toml(q: Questionnaire, framework_ref: str, today: _dt.date | None = None) -> str:
    """The questionnaire as a TOML answer file: every question a commented block above its key,
    whose value (blank) the participant fills in with one word of the scale."""
    today = today or _dt.date.today()
    fw = q.framework
    lines = [
        f"# A2I self-assessment questionnaire: {fw.name} ({fw.id}), levels "
        f"{q.levels[0]}..{q.levels[-1]}, plus the growth model.",
        "# Fill in your name, role and the date, then answer each question with one word:",
        *[f"#   {w:<8} {SCALE_HELP[w]}" for w in (*SCALE, NA)],
        "# Leave an answer empty to skip the question. Questions are our own plain-language wording",
        "# of the framework's goals (provenance: derived); the goal each one serves is named above it.",
        "",
        "[survey]",
        f"framework = {_quote(framework_ref)}",
        'participant = ""                  # your name',
        'role = ""                         # e.g. "service desk lead"',
        f"date = {today.isoformat()}",
        f"target_level = {q.target_level}",
        "",
        "[answers]",
    ]
    for kq in q.kpas:
        k = kq.kpa
        lines += ["", f"# ===== {k.id} {k.name} (level {k.level}) " + "=" * 10,
                  *_wrap(f"Purpose: {k.purpose}"),
                  "# Answers: yes | largely | partly | no | unknown" + (" | na" if kq.may_be_na else "")]
        goal = None
        for x in kq.questions:
            if x.goal != goal:
                goal = x.goal
                lines += ["#", *_wrap(f"{goal}: {fw.goal(goal).text}")]
            lines += [f"#   {x.text}" + (" [generated]" if x.provenance == "generated" else ""),
                      f'"{x.id}" = ""']
    lines += ["", "# ===== Growth model: where are we now? " + "=" * 10,
              "# Answers: yes | largely | partly | no | unknown"]
    for d in q.growth:
        lines += ["#", f"# {d.name}"]
        for x in d.questions:
            lines += [f"#   {x.text}", f'"{x.id}" = ""']
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap(text: str, width: int = 100) -> list[str]:
    words, out, line = text.split(), [], "#"
    for w in words:
        if len(line) + 1 + len(w) > width and line != "#":
            out.append(line)
            line = "#  "
        line += " " + w
    return [*out, line]


# -- reading ------------------------------------------------------------------------------------


def read_toml_answers(path: Path) -> RawSheet:
    src = read_toml(path, InputError)
    raw = RawSheet(src.shown, base_dir=path.parent)
    data = src.data
    head = data.get("survey")
    if not isinstance(head, dict):
        raw.problems.append(src.problem(("survey",), "missing the [survey] table",
                                        "a questionnaire file starts with [survey] framework, "
                                        "participant, role, date"))
        head = {}
    for key in ("framework", "participant", "role", "date", "target_level"):
        setattr(raw, key, head.get(key))
        raw.header_where[key] = f"survey.{key}"
    for key in head:
        if key not in ("framework", "participant", "role", "date", "target_level"):
            raw.problems.append(src.problem(("survey", key), f'unknown key "{key}"',
                                            did_you_mean(key, ["framework", "participant", "role",
                                                               "date", "target_level"])))
    for key in data:
        if key not in ("survey", "answers"):
            raw.problems.append(src.problem((key,), f'unknown table "{key}"',
                                            did_you_mean(key, ["survey", "answers"])))
    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        raw.problems.append(src.problem(("answers",), "must be a table of question id = answer"))
        answers = {}
    for qid, value in answers.items():
        line = src.line_of(("answers", qid))
        if isinstance(value, dict):  # `SCOM.1.q1 = "yes"` unquoted: TOML reads nested tables
            raw.problems.append(Problem(src.shown, f"answers.{qid}", "question ids contain dots: "
                                        "quote them", line=src.line_of(("answers", qid)),
                                        hint=f'write "{qid}...." = "yes"'))
            continue
        raw.answers.append((qid, value, f'answers."{qid}"', line))
    return raw


def read_answers(paths: Sequence[str | Path]) -> list[AnswerSheet]:
    """Read and check every file; raises one `InputError` listing every problem of every file."""
    problems: list[Problem] = []
    sheets: list[AnswerSheet] = []
    for name in paths:
        path = Path(name)
        try:
            raw = _read_raw(path)
        except InputError as exc:
            problems += exc.problems
            continue
        sheet, found = check_raw(raw)
        problems += found
        if sheet is not None:
            sheets.append(sheet)
    problems += _cross_checks(sheets)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    if not sheets:
        raise InputError([Problem("survey merge", "", "no answer files given")])
    return sheets


def _read_raw(path: Path) -> RawSheet:
    if not path.exists():
        raise InputError([Problem(display_path(path), "", "file not found")])
    if path.suffix.lower() == ".xlsx":
        from planner.survey.workbook import read_workbook  # lazy: openpyxl loads only for a workbook

        return read_workbook(path)
    if path.suffix.lower() != ".toml":
        raise InputError([Problem(display_path(path), "", "not an answer file",
                                  "use the .toml or .xlsx that `csip survey new` wrote")])
    return read_toml_answers(path)


def _framework(raw: RawSheet) -> tuple[Framework | None, list[Problem]]:
    ref = raw.framework
    where = raw.header_where.get("framework", "survey.framework")
    if not isinstance(ref, str) or not ref.strip():
        return None, [Problem(raw.path, where, "which framework? missing",
                              hint="one of " + ", ".join(SHIPPED) + ", or a path")]
    if ref not in SHIPPED and not ref.endswith(".toml"):
        return None, [Problem(raw.path, where, f'unknown framework "{ref}"',
                              hint=did_you_mean(ref, SHIPPED) or "one of " + ", ".join(SHIPPED))]
    try:
        return load_framework(ref, raw.base_dir), []
    except InputError as exc:
        return None, [Problem(raw.path, where, f'framework "{ref}" cannot be loaded'), *exc.problems]


def check_raw(raw: RawSheet) -> tuple[AnswerSheet | None, list[Problem]]:
    problems = list(raw.problems)
    fw, found = _framework(raw)
    problems += found
    participant = raw.participant.strip() if isinstance(raw.participant, str) else ""
    if not participant:
        problems.append(Problem(raw.path, raw.header_where.get("participant", "survey.participant"),
                                "the participant's name is missing",
                                hint="each participant fills in one questionnaire under their name"))
    role = raw.role.strip() if isinstance(raw.role, str) else ""
    date = raw.date
    if isinstance(date, _dt.datetime):
        date = date.date()
    if date is not None and not isinstance(date, _dt.date):
        problems.append(Problem(raw.path, raw.header_where.get("date", "survey.date"),
                                f"{date!r} is not a date", hint="write it like 2027-01-20"))
        date = None
    target = raw.target_level
    if target is not None and (isinstance(target, bool) or not isinstance(target, int)):
        problems.append(Problem(raw.path, raw.header_where.get("target_level", "survey.target_level"),
                                f"{target!r} is not a level number"))
        target = None
    if fw is None:
        return None, problems
    if target is not None and not 2 <= target <= fw.max_level:
        problems.append(Problem(raw.path, raw.header_where.get("target_level", "survey.target_level"),
                                f"level {target} does not exist", hint=f"2..{fw.max_level}"))
        target = None
    answers, where, found = _check_answers(raw, build(fw))
    problems += found
    if any(p.severity == "error" for p in problems):
        return None, problems
    return AnswerSheet(raw.path, fw, participant, role, date, answers, target, where), problems


def _check_answers(raw: RawSheet, q: Questionnaire) -> tuple[dict[str, str], dict[str, str], list[Problem]]:
    by_id = {x.id: x for x in q.all_questions()}
    answers: dict[str, str] = {}
    where: dict[str, str] = {}
    problems: list[Problem] = []
    for qid, value, at, line in raw.answers:
        question = by_id.get(qid)
        if question is None:
            problems.append(Problem(raw.path, at, f'no question "{qid}" in {q.framework.id}', line=line,
                                    hint=did_you_mean(qid, by_id) or _goal_hint(qid, q)))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # skipped
        scale = q.scale_for(question)
        word = value.strip().lower() if isinstance(value, str) else value
        if word not in scale:
            if word == NA:
                msg = (f"na is not allowed here: {question.kpa} cannot be rated not applicable "
                       f"in {q.framework.id}")
                hint = "answer no or unknown if the practice is missing"
            else:
                msg = f"{value!r} is not an answer on the scale"
                hint = did_you_mean(str(word), scale) or "one of " + " | ".join(scale)
            problems.append(Problem(raw.path, at, msg, line=line, hint=hint))
            continue
        if qid in answers:
            problems.append(Problem(raw.path, at, f"{qid} is answered twice", line=line,
                                    hint=f"the other answer is at {where[qid]}"))
            continue
        answers[qid] = word
        where[qid] = at
    return answers, where, problems


def _goal_hint(qid: str, q: Questionnaire) -> str:
    """A goal id written without its question suffix ("SCOM.1") names its questions."""
    own = [x.id for x in q.all_questions() if x.goal == qid]
    return ("questions are numbered per goal: " + ", ".join(own)) if own else ""


def _cross_checks(sheets: Iterable[AnswerSheet]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, AnswerSheet] = {}
    first_fw: AnswerSheet | None = None
    for s in sheets:
        key = " ".join(s.participant.lower().split())
        if key in seen:
            problems.append(Problem(
                s.path, "survey.participant",
                f'"{s.participant}" already answered in {seen[key].path}',
                hint="one file per participant: merge their answers into one file, or name the "
                     "other person"))
        else:
            seen[key] = s
        if first_fw is None:
            first_fw = s
        elif (s.framework.id, s.framework.path) != (first_fw.framework.id, first_fw.framework.path):
            problems.append(Problem(s.path, "survey.framework",
                                    f"answers {s.framework.id}, but {first_fw.path} answers "
                                    f"{first_fw.framework.id}",
                                    hint="merge the answers of one framework at a time"))
    return problems
