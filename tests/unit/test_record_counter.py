"""The independent CSV record count that catches rows a parser drops silently."""

from __future__ import annotations

import pytest

from returnstats.ingest.readers import RecordCounter

CASES = [  # (file content, data records after the header), counted by hand
    (b"a,b\n1,2\n3,4\n", 2),
    (b"a,b\r\n1,2\r\n3,4\r\n", 2),
    (b"a,b\n1,2\n3,4", 2),  # no final line feed
    (b'a,b\n1,"x\ny"\n3,4\n', 2),  # a line feed inside a quoted field
    (b'a,b\n1,"say ""hi"""\n3,4\n', 2),  # escaped quotes
    (b"a,b\n\n1,2\n\r\n3,4\n\n", 2),  # empty lines are not records
    (b'a,b\n1,2\n3,"4\n5,6\n', 2),  # unterminated quote: the rest is one record
    (b"a,b\n", 0),
    (b"", 0),
]


@pytest.mark.parametrize(("content", "expected"), CASES)
@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
def test_counts_records_whatever_the_chunking(content, expected, chunk):
    counter = RecordCounter()
    for start in range(0, len(content), chunk):
        counter.feed(content[start:start + chunk])
    assert counter.data_records() == expected


@pytest.mark.parametrize(("content", "mixed"), [(b"a\r\nb\r\n", False), (b"a\nb\n", False), (b"a\r\nb\nc\r\n", True)])
def test_mixed_line_endings(content, mixed):
    counter = RecordCounter()
    for start in range(0, len(content), 2):
        counter.feed(content[start:start + 2])
    assert counter.mixed_line_endings is mixed
