"""CSV cells that spreadsheets read as text: shared by the jury console's export and the open data."""

# Cells a spreadsheet would read as a formula start with one of these: they get a quote first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell that no spreadsheet runs as a formula: text starting with = + - @ (or a tab, a
    carriage return) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
