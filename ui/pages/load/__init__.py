"""Load page: paging imports, load per shift window, the forecast heat map."""
