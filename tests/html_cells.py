"""Reading the cells of the assessment pack back: every figure carries data attributes."""

from __future__ import annotations

from html.parser import HTMLParser


class DataCells(HTMLParser):
    """Collects the attributes of every tag that carries one of the given data attributes."""

    def __init__(self, *names: str):
        super().__init__()
        self.names = names
        self.cells: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if any(name in attrs for name in self.names):
            self.cells.append(attrs)


def data_cells(page: str, *names: str) -> list[dict]:
    parser = DataCells(*names)
    parser.feed(page)
    return parser.cells
