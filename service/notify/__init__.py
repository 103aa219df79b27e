"""Notifications (contract section 12): change notices, shift reminders and handoff posts.

    messages.py       what a message says (pure text, the reader's own zone)
    due.py            which messages are due, from schedules and a time (pure)
    delivery.py       sending one message: SMTP for people, Apprise for the team channel
    run.py            one run for a team: claim in the store, send, record (exactly once)
    after_publish.py  the app's hook: change messages right after a publish

Nothing here imports Apprise until a channel post is sent, so `rota --help` stays fast.
"""
