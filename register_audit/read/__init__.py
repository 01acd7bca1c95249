"""Reading files into raw rows: CSV/TSV/JSON, encodings, XLSX, HTML and DOCX tables."""
