"""Readers of structured documents (XLSX, HTML, DOCX): each gives a grid of cells, `grid` makes it a Table."""
