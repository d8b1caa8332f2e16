"""The assessment report as a Word document; the only module of this package that imports
python-docx. Headings, paragraphs, bullet lists and tables, in the order the report builds them."""

from __future__ import annotations

from pathlib import Path

from planner.export.docx import Document


def write_docx(sections, path: Path, title: str) -> None:
    doc = Document()
    doc.add_heading(title, level=0)
    for section in sections:
        doc.add_heading(section.title, level=1)
        for block in section.blocks:
            if block.kind == "p":
                doc.add_paragraph(block.text)
            elif block.kind == "bullets":
                for item in block.items:
                    doc.add_paragraph(item, style="List Bullet")
            else:
                table = doc.add_table(rows=1, cols=len(block.headers))
                table.style = "Table Grid"
                for cell, head in zip(table.rows[0].cells, block.headers, strict=True):
                    cell.text = str(head)
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                for values in block.rows:
                    cells = table.add_row().cells
                    for cell, v in zip(cells, values, strict=True):
                        cell.text = str(v)
    tmp = path.with_name(f".{path.name}.tmp")
    doc.save(str(tmp))
    tmp.replace(path)
