"""The spreadsheet side of the survey: the questionnaire as an .xlsx a participant fills in with any
spreadsheet program, reading a filled one back, and the report as a workbook. The only module of
this package that uses openpyxl (through `planner.export.xlsx`, the one module importing it).

Layout of a questionnaire: "Instructions" first (the scale, and the framework, participant, role
and date cells), then one sheet per level ("Level 2", ...) and "Growth model". On the question
sheets column A holds the question id, B the goal, C the question, D the answer (a drop-down list)
and E a free comment. The sheets are protected with every cell locked but the answer, comment and
participant cells, so the ids and texts the reader relies on stay as written.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from planner.errors import InputError, Problem, display_path
from planner.export.xlsx import (
    Alignment,
    DataValidation,
    Font,
    InvalidFileException,
    PatternFill,
    Protection,
    Workbook,
    load_workbook,
)
from planner.survey.questions import NA, SCALE, SCALE_HELP, Questionnaire
from planner.survey.rawsheet import RawSheet

INSTRUCTIONS = "Instructions"
GROWTH = "Growth model"
HEADER = ("Question id", "Goal", "Question", "Answer", "Comment")
ANSWER_COL, COMMENT_COL = "D", "E"
# Instructions sheet: label in A, value in B
CELLS = {"framework": "B3", "target_level": "B4", "participant": "B5", "role": "B6", "date": "B7"}
_LEVEL_SHEET = re.compile(r"^Level (\d+)$")
_QID = re.compile(r"^[A-Za-z][\w\-]*\.[\w\-]+\.q\d+$")
_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_OPEN = Protection(locked=False)


def level_sheet(level: int) -> str:
    return f"Level {level}"


def write_questionnaire(q: Questionnaire, framework_ref: str, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = INSTRUCTIONS
    fw = q.framework
    ws["A1"] = f"A2I self-assessment: {fw.name}, levels {q.levels[0]}..{q.levels[-1]}"
    ws["A1"].font = Font(bold=True, size=14)
    rows = [("Framework", framework_ref), ("Target level", q.target_level),
            ("Participant", None), ("Role", None), ("Date", _dt.date.today())]
    for (label, value), (key, ref) in zip(rows, CELLS.items(), strict=True):
        ws[f"A{ref[1:]}"] = label
        ws[f"A{ref[1:]}"].font = Font(bold=True)
        ws[ref] = value
        if key in ("participant", "role", "date"):
            ws[ref].protection = _OPEN
            ws[ref].fill = _FILL
    if isinstance(ws[CELLS["date"]].value, _dt.date):
        ws[CELLS["date"]].number_format = "yyyy-mm-dd"
    text = [
        "How to fill in this questionnaire",
        "1. Write your name, role and today's date in the yellow cells above.",
        "2. On each Level sheet, and on the Growth model sheet, pick an answer for each question "
        "in column D (a drop-down list). Add a comment in column E if you like.",
        "3. Leave an answer empty to skip a question. Do not rename, add or remove sheets, and do not "
        "edit the question ids: the assessment team reads the answers back by them.",
        "",
        "The answers:",
        *[f"  {w}: {SCALE_HELP[w]}" for w in (*SCALE, NA)],
        "",
        "The questions are our own plain-language wording of the framework's goals (derived); "
        "each names the goal it serves in column B.",
    ]
    for i, line in enumerate(text, start=9):
        ws[f"A{i}"] = line
    ws["A9"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 40
    ws.protection.sheet = True

    for level in q.levels:
        kqs = [kq for kq in q.kpas if any(q.framework.goal_level(x.goal) == level for x in kq.questions)]
        sheet = wb.create_sheet(level_sheet(level))
        _header(sheet)
        plain, with_na = _validation(SCALE), _validation((*SCALE, NA))
        sheet.add_data_validation(plain)
        sheet.add_data_validation(with_na)
        row = 2
        for kq in kqs:
            k = kq.kpa
            sheet[f"B{row}"] = f"{k.id} {k.name} (level {k.level})"
            sheet[f"C{row}"] = k.purpose + (" [may be not applicable: na allowed]" if kq.may_be_na else "")
            for col in "ABCDE":
                sheet[f"{col}{row}"].fill = _HEAD_FILL
            sheet[f"B{row}"].font = Font(bold=True)
            sheet[f"C{row}"].alignment = Alignment(wrap_text=True)
            row += 1
            for x in kq.questions:
                if q.framework.goal_level(x.goal) != level:
                    continue
                sheet[f"A{row}"] = x.id
                sheet[f"B{row}"] = x.goal
                sheet[f"C{row}"] = x.text
                sheet[f"C{row}"].alignment = Alignment(wrap_text=True)
                (with_na if kq.may_be_na else plain).add(f"{ANSWER_COL}{row}")
                sheet[f"{ANSWER_COL}{row}"].protection = _OPEN
                sheet[f"{ANSWER_COL}{row}"].fill = _FILL
                sheet[f"{COMMENT_COL}{row}"].protection = _OPEN
                row += 1
        sheet.protection.sheet = True

    sheet = wb.create_sheet(GROWTH)
    _header(sheet)
    plain = _validation(SCALE)
    sheet.add_data_validation(plain)
    row = 2
    for d in q.growth:
        sheet[f"B{row}"] = d.name
        sheet[f"B{row}"].font = Font(bold=True)
        for col in "ABCDE":
            sheet[f"{col}{row}"].fill = _HEAD_FILL
        row += 1
        for x in d.questions:
            sheet[f"A{row}"], sheet[f"B{row}"], sheet[f"C{row}"] = x.id, d.id, x.text
            sheet[f"C{row}"].alignment = Alignment(wrap_text=True)
            plain.add(f"{ANSWER_COL}{row}")
            sheet[f"{ANSWER_COL}{row}"].protection = _OPEN
            sheet[f"{ANSWER_COL}{row}"].fill = _FILL
            sheet[f"{COMMENT_COL}{row}"].protection = _OPEN
            row += 1
    sheet.protection.sheet = True
    _save(wb, path)


def _header(sheet) -> None:
    for col, title in zip("ABCDE", HEADER, strict=True):
        sheet[f"{col}1"] = title
        sheet[f"{col}1"].font = Font(bold=True)
    for col, width in zip("ABCDE", (14, 10, 80, 12, 40), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"


def _validation(words: tuple[str, ...]) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
                        showErrorMessage=True, showInputMessage=True, errorStyle="stop")
    dv.errorTitle = "Not an answer"
    dv.error = "Pick one of: " + ", ".join(words)
    dv.promptTitle = "Answer"
    dv.prompt = " | ".join(words)
    return dv


def _save(wb: Workbook, path: Path) -> None:
    """Save atomically (write beside, then rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)


# -- reading a filled questionnaire -------------------------------------------------------------


def read_workbook(path: Path) -> RawSheet:
    shown = display_path(path)
    try:
        wb = load_workbook(path, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputError([Problem(shown, "", f"not a readable .xlsx workbook ({type(exc).__name__})",
                                  hint="send back the workbook `csip survey new` wrote")]) from None
    raw = RawSheet(shown, base_dir=path.parent)
    names = wb.sheetnames
    if INSTRUCTIONS not in names:
        raw.problems.append(Problem(shown, f'sheet "{INSTRUCTIONS}"', "is missing (renamed?)",
                                    hint="the sheets are: " + ", ".join(f'"{n}"' for n in names)))
        return raw
    ws = wb[INSTRUCTIONS]
    for key, ref in CELLS.items():
        setattr(raw, key, ws[ref].value)
        raw.header_where[key] = f'sheet "{INSTRUCTIONS}" cell {ref}'
    if isinstance(raw.target_level, float) and raw.target_level.is_integer():
        raw.target_level = int(raw.target_level)
    expected = [INSTRUCTIONS]
    if isinstance(raw.target_level, int):
        expected += [level_sheet(n) for n in range(2, raw.target_level + 1)]
    expected.append(GROWTH)
    for name in names:
        if name not in expected:
            raw.problems.append(Problem(shown, f'sheet "{name}"', "is not a sheet this questionnaire has "
                                        "(renamed or added?)",
                                        hint="expected sheets: " + ", ".join(f'"{n}"' for n in expected)))
    for name in expected:
        if name not in names:
            raw.problems.append(Problem(shown, f'sheet "{name}"', "is missing (renamed or deleted?)"))
    for name in names:
        if name == INSTRUCTIONS or name not in expected:
            continue
        sheet = wb[name]
        for row in range(2, sheet.max_row + 1):
            qid = sheet[f"A{row}"].value
            if qid is None or (isinstance(qid, str) and not qid.strip()):
                continue
            value = sheet[f"{ANSWER_COL}{row}"].value
            where = f'sheet "{name}" cell {ANSWER_COL}{row}'
            if not isinstance(qid, str) or not _QID.match(qid.strip()):
                raw.problems.append(Problem(shown, f'sheet "{name}" cell A{row}',
                                            f"{qid!r} is not a question id (was the id column edited?)"))
                continue
            if value is not None and not isinstance(value, str):
                value = str(value)  # a number or date typed into an answer cell: off the scale
            raw.answers.append((qid.strip(), value, where, None))
    return raw


# -- the report as a workbook -------------------------------------------------------------------


def write_report(sections, path: Path, title: str) -> None:
    """One sheet per report section: its paragraphs, then its tables, one under another."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for section in sections:
        name = _sheet_name(section.title, used)
        ws = wb.create_sheet(name)
        ws["A1"] = section.title if section.title != "Summary" else title
        ws["A1"].font = Font(bold=True, size=13)
        row = 3
        widths: dict[int, int] = {}
        for block in section.blocks:
            if block.kind == "table":
                for c, head in enumerate(block.headers, start=1):
                    cell = ws.cell(row=row, column=c, value=head)
                    cell.font = Font(bold=True)
                    cell.fill = _HEAD_FILL
                row += 1
                for values in block.rows:
                    for c, v in enumerate(values, start=1):
                        ws.cell(row=row, column=c, value=v)
                        widths[c] = max(widths.get(c, 8), min(60, len(str(v)) + 2))
                    row += 1
                row += 1
            elif block.kind == "bullets":
                for item in block.items:
                    ws.cell(row=row, column=1, value=f"- {item}")
                    row += 1
                row += 1
            else:
                ws.cell(row=row, column=1, value=block.text)
                row += 2
        for c, w in widths.items():
            ws.column_dimensions[chr(64 + c)].width = w
    _save(wb, path)


def _sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet"
    name, i = base, 2
    while name in used:
        name = f"{base[:28]} {i}"
        i += 1
    used.add(name)
    return name
