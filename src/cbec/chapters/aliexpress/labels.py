"""Formatting shared by the tables and charts of the AliExpress chapter: printed-style
numbers, compact source lines, the labels of printed vs derived marks and short names."""

from __future__ import annotations

import re

import pandas as pd

from cbec.data import figures

KIND_LABELS: tuple[str, str] = ("printed", "derived in code")
METHOD_SHORT: dict[str, str] = {
    "Other Cross-boarder Online Payment Tools": "Other online payment tools",
}


def format_value(value: float) -> str:
    """Thousands separators, no trailing zeros: 30000 → '30,000', 645.84 → '645.84'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def compact_source_line(frame: pd.DataFrame, extra: str = "") -> str:
    """A short "Source: …" line naming each source with its section numbers only (§3.5,
    Table 3.2); full locators are in the tooltips and tables."""
    parts = []
    reported = frame[frame["source"] != figures.DERIVED]
    pattern = re.compile(r"§\s?\d+(?:\.\d+)*|Table \d+\.\d+|Picture \d+\.\d+|Chart \d+\.\d+"
                         r"|Conclusion")

    def key(text: str) -> tuple:
        numbers = re.findall(r"\d+", text)
        kind = "" if text.startswith("§") else text.split(" ")[0]
        return (kind, *map(int, numbers))

    for source, rows in reported.groupby("source", sort=True):
        found = sorted({m.replace("§ ", "§") for loc in rows["locator"]
                        for m in pattern.findall(str(loc))}, key=key)
        parts.append(f"{figures.SOURCE_LABELS.get(str(source), str(source))} "
                     + ", ".join(found))
    text = "Source: " + "; ".join(parts) if parts else "Source: computed in code"
    if (frame["source"] == figures.DERIVED).any():
        text += ". Derived values computed in code"
    if extra:
        text += ". " + extra.rstrip(".")
    return text + "."


_LINE_SHORTENINGS: tuple[tuple[str, str], ...] = (
    (r"^Postal delivery China to Russia: ", "Post China→Russia: "),
    (r"^Special Line-YW: Yanwen ", "Yanwen "),
    (r" small packet$", ""),
    (r"^China-Russia e-commerce delivery cycle \(all channels\)$",
     "China–Russia delivery cycle, all channels"),
)


def short_line_label(line: str) -> str:
    """A logistics line's name shortened for a chart row (full name stays in the table)."""
    for pattern, replacement in _LINE_SHORTENINGS:
        line = re.sub(pattern, replacement, line)
    return line
