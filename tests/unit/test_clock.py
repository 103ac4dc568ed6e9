"""Every stored time is UTC, whatever the machine's time zone (returnstats/clock.py)."""

import re
from datetime import UTC, datetime, timedelta

import duckdb

from tests import REPO_ROOT


def test_a_stored_time_is_utc_in_a_session_set_to_another_zone():
    con = duckdb.connect()
    con.execute("set TimeZone = 'Asia/Tokyo'")  # nine hours from UTC, no summer time
    con.execute("create table t (stored timestamp)")
    from returnstats import clock

    con.execute("insert into t values (?)", [clock.stored_now()])
    # what the aware value would have become: Tokyo's wall clock, nine hours ahead
    con.execute("insert into t values (?)", [datetime.now(UTC)])
    stored, aware = (row[0] for row in con.execute("select stored from t order by rowid").fetchall())
    utc_now = datetime.now(UTC).replace(tzinfo=None)
    assert abs(stored - utc_now) < timedelta(minutes=1)
    assert abs(aware - utc_now - timedelta(hours=9)) < timedelta(minutes=1)  # the trap the clock avoids


def test_only_the_clock_reads_the_time():
    """logs.py names its files by the local time a user reads in a file list."""
    readers = []
    for path in [*REPO_ROOT.glob("returnstats/**/*.py"), *REPO_ROOT.glob("ingest/**/*.py"),
                 *REPO_ROOT.glob("dashboards/**/*.py")]:
        if path.name not in ("clock.py", "logs.py") and re.search(r"datetime\.(now|utcnow)\(", path.read_text()):
            readers.append(str(path.relative_to(REPO_ROOT)))
    assert readers == []
