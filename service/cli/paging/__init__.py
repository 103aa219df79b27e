"""Commands that talk to paging tools: import, fetch, push."""
