"""`rota diff`: two lines per row that changed hands, one `gained` for a row that was empty."""

import subprocess
import sys

from service.cli import main

HEADER = "start,end,shift,role,person,site"
A = "2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day"
B = "2027-01-04T21:00:00+01:00,2027-01-05T09:00:00+01:00,night"


def write(path, *rows, header=HEADER):
    path.write_text("\n".join([header, *rows]) + "\n")
    return str(path)


def diff(tmp_path, old_rows, new_rows, capsys, new_header=HEADER):
    old = write(tmp_path / "old.csv", *old_rows)
    new = write(tmp_path / "new.csv", *new_rows, header=new_header)
    assert main(["diff", old, new]) == 0
    return capsys.readouterr().out.splitlines()


def test_swap_writes_lost_then_gained(tmp_path, capsys):
    out = diff(tmp_path, [f"{A},primary,alice,", f"{A},secondary,bob,"],
               [f"{A},primary,carol,", f"{A},secondary,bob,"], capsys)
    assert out == ["person,start,end,role,change",
                   "alice,2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,primary,lost",
                   "carol,2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,primary,gained"]


def test_filled_row_writes_one_gained_and_emptied_row_one_lost(tmp_path, capsys):
    out = diff(tmp_path, [f"{A},primary,,", f"{B},primary,bob,"],
               [f"{A},primary,dave,", f"{B},primary,,"], capsys)
    assert out[1:] == ["dave,2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,primary,gained",
                       "bob,2027-01-04T21:00:00+01:00,2027-01-05T09:00:00+01:00,primary,lost"]


def test_identical_schedules_and_final_schedule_columns(tmp_path, capsys):
    out = diff(tmp_path, [f"{A},primary,alice,"], [f"{A},primary,alice,,"], capsys,
               new_header=HEADER + ",covers_for")
    assert out == ["person,start,end,role,change"]



FINAL = HEADER + ",covers_for"
SPLIT = [  # alice's day primary row with 12:00-14:00 overridden to carol (contract section 6)
    "2027-01-04T09:00:00+01:00,2027-01-04T12:00:00+01:00,day,primary,alice,,",
    "2027-01-04T12:00:00+01:00,2027-01-04T14:00:00+01:00,day,primary,carol,,alice",
    "2027-01-04T14:00:00+01:00,2027-01-04T21:00:00+01:00,day,primary,alice,,",
]


def test_an_override_shows_as_the_hours_it_moved(tmp_path, capsys):
    out = diff(tmp_path, [f"{A},primary,alice,", f"{A},secondary,bob,"],
               [SPLIT[0], f"{A},secondary,bob,,", *SPLIT[1:]], capsys, new_header=FINAL)
    assert out[1:] == ["alice,2027-01-04T12:00:00+01:00,2027-01-04T14:00:00+01:00,primary,lost",
                       "carol,2027-01-04T12:00:00+01:00,2027-01-04T14:00:00+01:00,primary,gained"]


def test_a_split_row_replaced_whole_loses_each_piece(tmp_path, capsys):
    old = write(tmp_path / "old.csv", *SPLIT, header=FINAL)
    new = write(tmp_path / "new.csv", f"{A},primary,dave,")
    assert main(["diff", old, new]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == [
        "alice,2027-01-04T09:00:00+01:00,2027-01-04T12:00:00+01:00,primary,lost",
        "dave,2027-01-04T09:00:00+01:00,2027-01-04T12:00:00+01:00,primary,gained",
        "carol,2027-01-04T12:00:00+01:00,2027-01-04T14:00:00+01:00,primary,lost",
        "dave,2027-01-04T12:00:00+01:00,2027-01-04T14:00:00+01:00,primary,gained",
        "alice,2027-01-04T14:00:00+01:00,2027-01-04T21:00:00+01:00,primary,lost",
        "dave,2027-01-04T14:00:00+01:00,2027-01-04T21:00:00+01:00,primary,gained"]


def test_rows_of_other_shift_times_are_not_compared(tmp_path, capsys):
    # A row from 08:00 is in no row of the old plan (09:00-21:00 starts later): not compared.
    other = "2027-01-04T08:00:00+01:00,2027-01-04T20:00:00+01:00,day"
    out = diff(tmp_path, [f"{A},primary,alice,"], [f"{other},primary,bob,"], capsys)
    assert out == ["person,start,end,role,change"]

def test_same_instant_written_in_another_offset_is_the_same_row(tmp_path, capsys):
    utc = "2027-01-04T08:00:00+00:00,2027-01-04T20:00:00+00:00,day"
    out = diff(tmp_path, [f"{A},primary,alice,"], [f"{utc},primary,alice,"], capsys)
    assert out == ["person,start,end,role,change"]


def test_bad_file_exits_2_naming_line_and_column(tmp_path):
    old = write(tmp_path / "old.csv", f"{A},primary,alice,")
    new = write(tmp_path / "new.csv", "2027-01-04T09:00:00,2027-01-04T21:00:00+01:00,day,primary,a,")
    result = subprocess.run([sys.executable, "-m", "service.cli", "diff", old, new],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("new.csv:2: start: time has no UTC offset: "
                                          "'2027-01-04T09:00:00'")
    assert "Traceback" not in result.stderr


def test_missing_column_and_empty_file(tmp_path):
    old = write(tmp_path / "old.csv", f"{A},primary,alice,")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main(["diff", old, str(empty)]) == 2
    bad = write(tmp_path / "bad.csv", "x", header="start,end,shift,role,site")
    assert main(["diff", bad, old]) == 2
