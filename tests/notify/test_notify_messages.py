"""Message text (contract section 12): times on the reader's clock with the zone named, and the
channel summary tells each row that changed hands once."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from scheduler.living.diff import Change
from service.notify.messages import span, summary_body, when

BERLIN, TOKYO = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo")


def test_an_instant_reads_on_the_readers_clock_with_the_zone_named():
    assert when(datetime(2027, 3, 9, 20, tzinfo=UTC), BERLIN) == "Tue 9 Mar 21:00 CET"
    assert when(datetime(2027, 3, 9, 20, tzinfo=UTC), TOKYO) == "Wed 10 Mar 05:00 JST"


def test_a_span_across_the_change_to_summer_time_names_both_zones():
    start, end = datetime(2027, 3, 27, 20, tzinfo=UTC), datetime(2027, 3, 28, 7, tzinfo=UTC)
    assert span(start, end, BERLIN) == "Sat 27 Mar 21:00 CET – Sun 28 Mar 09:00 CEST"


def test_the_summary_tells_a_row_that_changed_hands_once():
    start, end = datetime(2027, 3, 25, 8, tzinfo=UTC), datetime(2027, 3, 25, 20, tzinfo=UTC)
    changes = [Change(start, end, "primary", "gained", "bob"),
               Change(start, end, "primary", "lost", "alice")]
    body = summary_body("payments-sre", 2, changes, BERLIN, None)
    assert body.splitlines()[2:] == ["- primary Thu 25 Mar 09:00 CET – Thu 25 Mar 21:00 CET: "
                                     "alice → bob"]
