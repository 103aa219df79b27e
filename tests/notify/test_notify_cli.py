"""`rota notify` end to end (contract section 12), against a real SMTP server and a real HTTP
endpoint behind an Apprise json:// URL. The team (tests/harness/notify_team.py) rotates primary
alice, bob, carol through day (09-21) and night (21-09) shifts in Berlin from Mon 22 Mar 2027;
bob lives in New York, carol has no email, tina shadows the first day shift."""

from __future__ import annotations

from datetime import datetime

import pytest

from service.cli import main
from tests.harness.notify_servers import free_port, smtp_server
from tests.harness.notify_team import BERLIN

BEFORE_PLAN = "2027-03-01T00:00"
# Thu 25 Mar day shift, alice's; bob takes it over.
THU_DAY = (datetime(2027, 3, 25, 9, tzinfo=BERLIN), datetime(2027, 3, 25, 21, tzinfo=BERLIN))


def test_the_first_published_version_sends_nothing(notified):
    assert notified.notify(BEFORE_PLAN) == (0, [], [])
    assert notified.mailbox.mails == [] and notified.posts.received == []


def test_an_override_mails_exactly_the_two_people_concerned_and_posts_one_summary(notified):
    notified.notify(BEFORE_PLAN)
    notified.override("bob", *THU_DAY)
    code, out, err = notified.notify(BEFORE_PLAN, "--app-url", "https://rota.example.com")
    assert (code, err) == (0, [])
    assert notified.mailbox.to() == ["alice@example.com", "bob@example.com"]
    assert set(notified.mailbox.subjects()) == {"Your on-call shifts changed"}
    alice = notified.mailbox.body("alice@example.com")
    assert "Lost:\n- Thu 25 Mar 09:00 CET – Thu 25 Mar 21:00 CET, primary" in alice
    assert "https://rota.example.com" in alice
    # bob reads it on his own clock: New York is already on summer time (EDT) that week.
    assert "Gained:\n- Thu 25 Mar 04:00 EDT – Thu 25 Mar 16:00 EDT, primary" in \
        notified.mailbox.body("bob@example.com")
    [post] = notified.posts.received
    assert post["title"] == "payments-sre: schedule version 2 changes the shifts of 2 people"
    assert "- primary Thu 25 Mar 09:00 CET – Thu 25 Mar 21:00 CET: alice → bob" in post["message"]
    assert sorted(out) == ["sent change to alice <alice@example.com>: Your on-call shifts changed",
                           "sent change to bob <bob@example.com>: Your on-call shifts changed",
                           f"sent change to channel: {post['title']}"]


def test_a_rerun_sends_nothing(notified):
    notified.notify(BEFORE_PLAN)
    notified.override("bob", *THU_DAY)
    notified.notify(BEFORE_PLAN)
    assert notified.notify(BEFORE_PLAN) == (0, [], [])
    assert len(notified.mailbox.mails) == 2 and len(notified.posts.received) == 1


def test_smtp_down_is_exit_1_and_the_next_run_delivers_exactly_the_missing_mails(notified):
    notified.notify(BEFORE_PLAN)
    notified.override("bob", *THU_DAY)
    notified.smtp_down(free_port())
    code, out, err = notified.notify(BEFORE_PLAN)
    assert code == 1
    assert out == ["sent change to channel: payments-sre: schedule version 2 changes the "
                   "shifts of 2 people"]
    assert len(err) == 2 and all(line.startswith("rota: notify: change to ") and
                                 "not delivered: SMTP 127.0.0.1:" in line for line in err)
    assert "Traceback" not in "\n".join(err)
    with smtp_server() as (smtp_url, mailbox):
        notified.monkeypatch.setenv("ROTA_SMTP_URL", smtp_url)
        code, out, err = notified.notify(BEFORE_PLAN)
        assert (code, err, len(out)) == (0, [], 2)
        assert mailbox.to() == ["alice@example.com", "bob@example.com"]
        assert notified.notify(BEFORE_PLAN) == (0, [], [])
    assert len(notified.posts.received) == 1


def test_reminders_reach_exactly_the_holders_of_rows_starting_within_remind_hours(notified):
    # From Tue 23 Mar 10:00, 24 hours: alice's night (Tue 21:00) and bob's day (Wed 09:00);
    # carol's day started at 09:00, before --at.
    code, out, _ = notified.notify("2027-03-23T10:00")
    assert code == 0 and len(out) == 2
    assert notified.mailbox.to() == ["alice@example.com", "bob@example.com"]
    assert sorted(notified.mailbox.subjects()) == ["You are on call from Tue 23 Mar 21:00 CET",
                                                   "You are on call from Wed 24 Mar 04:00 EDT"]
    assert notified.notify("2027-03-23T10:05")[1] == []


def test_a_trainee_is_reminded_of_a_shadow_row(notified):
    notified.notify("2027-03-21T12:00")
    assert notified.mailbox.to() == ["alice@example.com", "tina@example.com"]
    assert "You hold shadow on the payments-sre day shift" in \
        notified.mailbox.body("tina@example.com")


def test_a_reminder_after_the_dst_change_shows_summer_time(notified):
    # Sat 27 Mar 22:00 CET; the clocks go forward that night. alice's Sunday day shift starts
    # at 09:00 CEST (07:00 UTC), not 08:00.
    notified.notify("2027-03-27T22:00")
    assert "You are on call from Sun 28 Mar 09:00 CEST" in notified.mailbox.subjects()


def test_a_handoff_posts_once_naming_both_primaries(notified):
    # bob's night Mon 22 -> Tue 23 Mar ends at 09:00; carol takes the day.
    notified.notify("2027-03-23T09:20")
    notified.notify("2027-03-23T09:50")
    handoffs = [p for p in notified.posts.received if "handoff" in p["title"]]
    assert [p["title"] for p in handoffs] == [
        "payments-sre handoff Tue 23 Mar 09:00 CET: bob hands primary over to carol"]
    assert "**primary**: bob hands over to carol" in handoffs[0]["message"]
    assert notified.notify("2027-03-23T10:30")[1] == []  # the hour is over; nothing more


def test_dry_run_prints_and_records_nothing(notified):
    code, out, _ = notified.notify("2027-03-23T10:00", "--dry-run")
    assert code == 0 and len(out) == 2 and all(line.startswith("would send reminder") for line in out)
    assert notified.mailbox.mails == []
    assert len(notified.notify("2027-03-23T10:00")[1]) == 2


def test_channel_down_is_exit_1_and_the_summary_goes_out_next_run(notified):
    notified.notify(BEFORE_PLAN)
    notified.override("bob", *THU_DAY)
    notified.monkeypatch.setenv("PAYMENTS_NOTIFY", f"json://127.0.0.1:{free_port()}/hook")
    code, out, err = notified.notify(BEFORE_PLAN)
    assert code == 1 and len(out) == 2  # both mails went
    assert len(err) == 1 and err[0].startswith(
        "rota: notify: change to channel: payments-sre: schedule version 2")
    assert "not delivered: channel PAYMENTS_NOTIFY: Apprise could not deliver" in err[0]
    notified.monkeypatch.setenv("PAYMENTS_NOTIFY", notified.channel_url)
    code, out, err = notified.notify(BEFORE_PLAN)
    assert (code, err) == (0, []) and out == [
        "sent change to channel: payments-sre: schedule version 2 changes the shifts of 2 people"]
    assert len(notified.posts.received) == 1 and len(notified.mailbox.mails) == 2


def test_a_channel_variable_that_is_not_set_is_reported_not_raised(notified):
    notified.notify(BEFORE_PLAN)
    notified.override("bob", *THU_DAY)
    notified.monkeypatch.delenv("PAYMENTS_NOTIFY")
    code, out, err = notified.notify(BEFORE_PLAN)
    assert code == 1 and len(out) == 2
    assert err == ["rota: notify: change to channel: payments-sre: schedule version 2 changes "
                   "the shifts of 2 people: not delivered: channel: environment variable "
                   "PAYMENTS_NOTIFY (notify.channel_env) is not set"]


def test_bad_input_is_one_line_and_exit_2(notified):
    code, out, err = notified.notify("next tuesday")
    assert (code, out) == (2, []) and err == ["rota: --at: not an ISO 8601 time: 'next tuesday'"]
    notified.capsys.readouterr()
    assert main(["notify", "no-such-team"]) == 2
    assert notified.capsys.readouterr().err.startswith("rota: team 'no-such-team': ")


def test_what_is_pending_is_what_the_next_run_sends(notified):
    from datetime import timedelta

    from service.notify.run import pending_messages
    from service.store import open_store

    at = datetime(2027, 3, 23, 10, tzinfo=BERLIN)
    pending = pending_messages(open_store(), "payments-sre", at)
    assert sorted(m.key.recipient for m in pending) == ["alice", "bob"]
    notified.notify("2027-03-23T10:00")
    assert pending_messages(open_store(), "payments-sre", at + timedelta(minutes=5)) == []


def test_mail_goes_through_a_server_that_wants_a_login(notified):
    with smtp_server(login=("rota", "s3cr:t")) as (smtp_url, mailbox):
        host = smtp_url.removeprefix("smtp://")
        notified.monkeypatch.setenv("ROTA_SMTP_URL", f"smtp://rota:s3cr%3At@{host}")
        assert notified.notify("2027-03-23T10:00")[0] == 0
        assert mailbox.to() == ["alice@example.com", "bob@example.com"]
        assert {str(m["From"]) for m in mailbox.mails} == {"rota@example.com"}


def test_a_wrong_password_is_a_delivery_failure(notified):
    with smtp_server(login=("rota", "right")) as (smtp_url, mailbox):
        host = smtp_url.removeprefix("smtp://")
        notified.monkeypatch.setenv("ROTA_SMTP_URL", f"smtp://rota:wrong@{host}")
        code, out, err = notified.notify("2027-03-23T10:00")
        assert (code, out, len(err), mailbox.mails) == (1, [], 2, [])
        assert "SMTP 127.0.0.1:" in err[0] and "wrong" not in err[0]


@pytest.mark.e2e  # starts two real `rota notify` processes: seconds, not milliseconds
def test_two_overlapping_notify_processes_send_each_message_once(notified):
    import os
    import subprocess
    import sys

    notified.notify(BEFORE_PLAN)
    notified.override("bob", *THU_DAY)
    command = [sys.executable, "-m", "service.cli", "notify", "payments-sre",
               "--at", "2027-03-23T10:00"]
    runs = [subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    lines = [line for out, _ in outputs for line in out.splitlines()]
    assert len(lines) == 5  # two change mails, one summary, two reminders: each once
    assert len(notified.mailbox.mails) == 4 and len(notified.posts.received) == 1
