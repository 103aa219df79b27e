"""Now page: who holds each role now, covers, the next handoff, a person's next shifts."""
