"""Options several commands share: busy time, history, time arguments."""
