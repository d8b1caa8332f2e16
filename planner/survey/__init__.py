"""Assessment by questionnaire (A2I, "Assess to Improve"): questionnaires written from a framework,
participants' answers read back (TOML or a filled workbook), consolidated into goal ratings by the
rules engine, and the written report A2I's aftercare hands the sponsor.

Modules: `questions` (what is asked), `answers` (reading and checking one participant's file),
`consensus` (from answers to ratings, through rules/survey.toml), `report` (the sponsor's report),
`workbook` (the .xlsx side, the only module here that imports openpyxl), `document` (the .docx
side, the only one that imports python-docx) and `scenario_out` (the consolidated scenario file).
"""
