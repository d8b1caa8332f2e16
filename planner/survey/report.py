"""The assessment report A2I's aftercare hands the sponsor, and the terminal summary of a merge.

The report is built once as plain sections (paragraphs, bullet lists, tables) and then written as
Markdown here, as .docx by `planner.survey.document` or as .xlsx by `planner.survey.workbook`, so
the three formats cannot drift apart. Its sections follow the A2I outcome: scope and participants,
the level and the KPA profile, strong and weak points per KPA, the points discussed and how the
consensus rule settled them, directions for solutions with the catalog actions they point to, and
the growth-model profile.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from planner.numbers import days, money
from planner.survey.consensus import Consolidation

SECTION_TITLES = (
    "Summary", "Scope and participants", "Level and profile", "Strong and weak points",
    "Points discussed", "Directions and actions", "Growth model", "Goal ratings",
)


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    """"p" (a paragraph), "bullets" or "table"."""
    text: str = ""
    items: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def p(self, text: str) -> None:
        self.blocks.append(Block("p", text=text))

    def bullets(self, items: list[str]) -> None:
        self.blocks.append(Block("bullets", items=tuple(items)))

    def table(self, headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
        self.blocks.append(Block("table", headers=headers, rows=tuple(rows)))


def report_title(m: Consolidation) -> str:
    return f"Self-assessment report: {m.framework.name}"


def sections(m: Consolidation) -> list[Section]:
    fw = m.framework
    a = m.assessment
    out: list[Section] = []
    dates = sorted(s.date for s in m.sheets if s.date)
    when = (dates[0].isoformat() if dates and dates[0] == dates[-1]
            else f"{dates[0].isoformat()} to {dates[-1].isoformat()}" if dates else "undated")

    s = Section("Summary")
    s.p(f"{len(m.sheets)} participants answered the A2I questionnaire on {fw.name} for levels "
        f"2..{m.target_level} ({when}). Consolidated, the organisation is at level "
        f"{a.current_level} ({fw.level_name(a.current_level)}): {a.level_because}.")
    s.p(f"Strengths (KPAs fully in place): {', '.join(m.strengths) or 'none'}. "
        f"Weaknesses (KPAs with open goals): {', '.join(m.weaknesses) or 'none'}.")
    n_discuss = len({f.goal for f in m.discuss})
    s.p(f"{n_discuss} goal(s) drew conflicting answers and were discussed; "
        f"{len(m.confirm)} rating(s) rest on one participant and are to be confirmed.")
    out.append(s)

    s = Section("Scope and participants")
    s.p(f"Framework: {fw.name} ({fw.id}, version {fw.version}). Levels assessed: 2..{m.target_level}; "
        f"{len(m.scope_kpas)} KPAs, {len(m.goals)} goals, "
        f"{sum(len(kq.questions) for kq in m.questionnaire.kpas)} questions plus "
        f"{sum(len(d.questions) for d in m.growth_dims)} growth-model questions.")
    total = len(m.questionnaire.all_questions())
    s.table(("Participant", "Role", "Date", "Answered", "Unknown"),
            [(x.participant, x.role, x.date.isoformat() if x.date else "",
              f"{sum(1 for v in x.answers.values() if v != 'unknown')} of {total}",
              sum(1 for v in x.answers.values() if v == "unknown")) for x in m.sheets])
    out.append(s)

    s = Section("Level and profile")
    s.p(f"Level {a.current_level} ({fw.level_name(a.current_level)}). {_sentence(a.level_because)}.")
    rows = []
    for kid in m.scope_kpas:
        k = fw.kpa(kid)
        c = Counter(g.rating for g in m.goals if g.kpa == kid)
        rows.append((kid, k.name, k.level, a.kpas[kid].status,
                     c["satisfied"], c["partial"], c["unsatisfied"], c["na"]))
    s.table(("KPA", "Name", "Level", "Status", "Satisfied", "Partial", "Unsatisfied", "N/A"), rows)
    out.append(s)

    s = Section("Strong and weak points")
    s.p("Per KPA: the goals the answers show in place (strong points) and the goals still open "
        "(weak points).")
    rows = []
    for kid in m.scope_kpas:
        goals = [g for g in m.goals if g.kpa == kid]
        strong = [f"{g.id} {fw.goal(g.id).text}" for g in goals if g.rating == "satisfied"]
        weak = [f"{g.id} ({g.rating}) {fw.goal(g.id).text}" for g in goals
                if g.rating in ("partial", "unsatisfied")]
        if a.kpas[kid].status == "na":
            strong, weak = [], []
        rows.append((kid, a.kpas[kid].status, "; ".join(strong) or "-", "; ".join(weak) or "-"))
    s.table(("KPA", "Status", "Strong points", "Weak points"), rows)
    out.append(s)

    s = Section("Points discussed")
    if m.discuss:
        s.p("Goals where the answers conflict. A2I takes them to the interviews and KPA "
            "discussions; until those change an answer, the consensus rule settles each as shown.")
        rows = []
        for f in m.discuss:
            g = m.goal(f.goal)
            who = "; ".join(f"{p}: {ans}" for p, ans in g.by_participant.items())
            rows.append((f.goal, fw.goal(f.goal).text, who, f.because, f"{g.rating}: {g.because}"))
        s.table(("Goal", "Goal text", "Answers", "Why discussed", "Settled as"), rows)
    else:
        s.p("No goal drew conflicting answers.")
    if m.confirm:
        s.p("Ratings resting on a single participant's answer (to confirm in an interview):")
        s.bullets([f"{f.goal}: {m.goal(f.goal).rating} ({f.because})" for f in m.confirm])
    out.append(s)

    s = Section("Directions and actions")
    s.p("For each weak KPA, the direction is to close its open goals; the framework's catalog "
        "actions that cover those goals are the improvement actions to consider. The sponsor "
        "monitors their implementation (A2I aftercare); `csip plan` orders them under budget and "
        "capacity.")
    rows = []
    for kid in m.weaknesses:
        open_goals = [g.id for g in m.goals if g.kpa == kid and g.rating in ("partial", "unsatisfied")]
        direction = f"{fw.kpa(kid).purpose}"
        actions = [x for x in fw.actions if set(x.goals) & set(open_goals)]
        if not actions:
            rows.append((kid, ", ".join(open_goals), direction, "-", "(no catalog action)", "", ""))
        for x in actions:
            rows.append((kid, ", ".join(g for g in x.goals if g in open_goals), direction, x.id, x.title,
                         days(x.effort), money(x.cost)))
            direction = ""
    s.table(("KPA", "Open goals", "Direction", "Action", "Title", "Person-days", "Cost"), rows)
    out.append(s)

    s = Section("Growth model")
    s.p("Where are we now, across the six dimensions of the organisational growth model "
        "(score 0-100: yes 100, largely 67, partly 33, no 0; unknown not counted).")
    s.table(("Dimension", "Score", "Rating", "Answers"),
            [(r.name, "-" if r.score is None else r.score, r.rating, r.because) for r in m.growth])
    out.append(s)

    s = Section("Goal ratings")
    s.p("Every goal in scope, with the consensus rule that rated it and why.")
    s.table(("Goal", "Rating", "Rule", "Because"),
            [(g.id, g.rating, g.rule, g.because) for g in m.goals])
    out.append(s)
    return out


# -- Markdown -----------------------------------------------------------------------------------


def markdown(m: Consolidation) -> str:
    lines = [f"# {report_title(m)}", ""]
    for sec in sections(m):
        lines += [f"## {sec.title}", ""]
        for b in sec.blocks:
            if b.kind == "p":
                lines += [b.text, ""]
            elif b.kind == "bullets":
                lines += [f"- {i}" for i in b.items] + [""]
            else:
                lines += ["| " + " | ".join(b.headers) + " |",
                          "|" + "|".join("---" for _ in b.headers) + "|"]
                lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in b.rows]
                lines.append("")
    return "\n".join(lines)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cell(v: object) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def write_report(m: Consolidation, path: Path) -> None:
    ext = path.suffix.lower()
    if ext == ".md":
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(markdown(m), encoding="utf-8")
        tmp.replace(path)
    elif ext == ".docx":
        from planner.survey.document import write_docx  # lazy: python-docx only for this format

        write_docx(sections(m), path, report_title(m))
    elif ext == ".xlsx":
        from planner.survey.workbook import write_report as write_xlsx  # lazy: openpyxl only here

        write_xlsx(sections(m), path, report_title(m))
    else:  # the command checks the extension first
        raise ValueError(f"no report format for {ext}")


# -- terminal summary of a merge ----------------------------------------------------------------


def merge_text(m: Consolidation) -> str:
    fw, a = m.framework, m.assessment
    people = ", ".join(f"{s.participant} ({s.role})" if s.role else s.participant for s in m.sheets)
    lines = [f"{fw.name}: {len(m.sheets)} participants: {people}",
             f"Consolidated level {a.current_level} ({fw.level_name(a.current_level)}); "
             f"assessed levels 2..{m.target_level}", ""]
    mark = {"satisfied": "+", "partial": "~", "unsatisfied": "-", "na": "."}
    discussed = {f.goal for f in m.discuss}
    for kid in m.scope_kpas:
        goals = [g for g in m.goals if g.kpa == kid]
        lines.append(f"{kid:<6} {a.kpas[kid].status:<12} " + "  ".join(
            f"{mark[g.rating]}{g.id}" + ("!" if g.id in discussed else "") for g in goals))
    lines += ["", "(+ satisfied, ~ partial, - unsatisfied, . not applicable, ! to discuss)", ""]
    lines.append("Strengths: " + (", ".join(m.strengths) or "none"))
    lines.append("Weaknesses: " + (", ".join(m.weaknesses) or "none"))
    if m.discuss:
        lines += ["", "To discuss:"]
        lines += [f"  {f.goal}: {f.because}; settled for now as {m.goal(f.goal).rating}" for f in m.discuss]
    if m.confirm:
        lines += ["", "To confirm (one source): " + ", ".join(f.goal for f in m.confirm)]
    lines += ["", "Growth model:"]
    lines += [f"  {r.name:<20} {'-' if r.score is None else r.score:>4}  {r.rating}" for r in m.growth]
    return "\n".join(lines) + "\n"
