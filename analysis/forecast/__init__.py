"""`rota forecast`: the paging-rate model, expected incidents per shift, honest scoring."""
